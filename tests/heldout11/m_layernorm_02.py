"""Layer normalisation on a square batch, backward copied from a batch-norm one, torch:
xhat = (x - mean_d x) / sqrt(var_d x + eps), y = gamma xhat + beta, L = sum(dout * y);
x (N, D), gamma (D,), beta (D,), dout (N, D) with N = D = 4.
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.layer_norm(x, (x.shape[-1],), gamma, beta, EPS)).sum()


def grad(x, gamma, beta, dout):
    mu = x.mean(dim=-1, keepdim=True)
    xc = x - mu
    var = (xc ** 2).mean(dim=-1, keepdim=True)
    rstd = torch.rsqrt(var + EPS)
    xhat = xc * rstd
    dgamma = (dout * xhat).sum(dim=0)
    dbeta = dout.sum(dim=0)
    dxhat = dout * gamma
    m1 = dxhat.mean(dim=0, keepdim=True)  # <- wrong
    m2 = (dxhat * xhat).mean(dim=-1, keepdim=True)
    dx = rstd * (dxhat - m1 - xhat * m2)
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    mu = x.mean(dim=-1, keepdim=True)
    xc = x - mu
    var = (xc ** 2).mean(dim=-1, keepdim=True)
    rstd = torch.rsqrt(var + EPS)
    xhat = xc * rstd
    dgamma = (dout * xhat).sum(dim=0)
    dbeta = dout.sum(dim=0)
    dxhat = dout * gamma
    m1 = dxhat.mean(dim=-1, keepdim=True)
    m2 = (dxhat * xhat).mean(dim=-1, keepdim=True)
    dx = rstd * (dxhat - m1 - xhat * m2)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_layernorm_02")
CAUSE = "reduction-axis"
FIX = "Layer norm's statistics are per row, so the mean of dxhat is taken over the feature axis -1."
