"""Layer normalisation with a learned scale and shift, torch:
y = gamma * xhat + beta, xhat = (x - mean_d x) / sqrt(var_d x + eps), L = sum(dout * y);
x (N, D), gamma (D,), beta (D,), dout (N, D).
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.layer_norm(x, (x.shape[-1],), gamma, beta, eps=EPS)).sum()


def grad(x, gamma, beta, dout):
    mu = x.mean(dim=-1, keepdim=True)
    var = x.var(dim=-1, unbiased=False, keepdim=True)
    rstd = torch.rsqrt(var + EPS)
    xhat = (x - mu) * rstd
    dgamma = (dout * xhat).sum(0)
    dbeta = dout.sum(0)
    dxhat = dout * gamma
    dx = rstd * (dxhat - dxhat.mean(-1, keepdim=True) - xhat * (dxhat * xhat).mean(-1, keepdim=True))
    return dx, dbeta, dgamma  # <- wrong


def grad_fixed(x, gamma, beta, dout):
    mu = x.mean(dim=-1, keepdim=True)
    var = x.var(dim=-1, unbiased=False, keepdim=True)
    rstd = torch.rsqrt(var + EPS)
    xhat = (x - mu) * rstd
    dgamma = (dout * xhat).sum(0)
    dbeta = dout.sum(0)
    dxhat = dout * gamma
    dx = rstd * (dxhat - dxhat.mean(-1, keepdim=True) - xhat * (dxhat * xhat).mean(-1, keepdim=True))
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 3, "D": 5})
case = derivation(loss, grad, **SPEC, name="m_layernorm_03")
CAUSE = "return-order"
FIX = "Return the gradients in the order of wrt: dx, dgamma, dbeta."
