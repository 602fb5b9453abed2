"""Layer normalisation over the features of each row, torch backward in closed form:
xhat = (x - mean) / sqrt(var + eps) per row, y = gamma xhat + beta, L = sum(dout * y);
x (N, D), gamma and beta (D,), dout (N, D) with N = 4, D = 8, eps = 1e-5.
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.layer_norm(x, (x.shape[-1],), gamma, beta, EPS)).sum()


def grad(x, gamma, beta, dout):
    mu = x.mean(-1, keepdim=True)
    var = ((x - mu) ** 2).mean(-1, keepdim=True)
    rstd = 1 / torch.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dgamma = (dout * xhat).sum(0)
    dbeta = dout.sum(0)
    dxhat = dout * gamma
    dx = rstd * (dxhat - dxhat.mean(0, keepdim=True) - xhat * (dxhat * xhat).mean(-1, keepdim=True))  # <- wrong
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    mu = x.mean(-1, keepdim=True)
    var = ((x - mu) ** 2).mean(-1, keepdim=True)
    rstd = 1 / torch.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dgamma = (dout * xhat).sum(0)
    dbeta = dout.sum(0)
    dxhat = dout * gamma
    dx = rstd * (dxhat - dxhat.mean(-1, keepdim=True) - xhat * (dxhat * xhat).mean(-1, keepdim=True))
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 8})
case = derivation(loss, grad, **SPEC, name="m_ln_01")
CAUSE = "reduction-axis"
FIX = "Layer norm's statistics are per row, so dxhat's mean is taken over the features, dim -1."
