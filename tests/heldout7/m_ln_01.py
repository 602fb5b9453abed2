"""Layer normalisation over the features with a gain and a bias, torch:
y = gamma * (x - mu) / sqrt(var + eps) + beta (mu, var per row, biased var, eps = 1e-5),
checked through L = sum(dout * y); x (N, D), gamma (D,), beta (D,), dout (N, D) with N = 6, D = 8.
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.layer_norm(x, (x.shape[-1],), gamma, beta, eps=EPS)).sum()


def grad(x, gamma, beta, dout):
    mu = x.mean(dim=-1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=-1, keepdim=True)
    inv_std = torch.rsqrt(var + EPS)
    xhat = (x - mu) * inv_std
    dgamma = (dout * xhat).sum(dim=0)
    dbeta = dout.sum(dim=0)
    g = dout * gamma
    proj = (g * xhat).mean(dim=-1, keepdim=True)
    dx = inv_std * (g - g.mean(dim=-1, keepdim=True) + xhat * proj)  # <- wrong
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    mu = x.mean(dim=-1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=-1, keepdim=True)
    inv_std = torch.rsqrt(var + EPS)
    xhat = (x - mu) * inv_std
    dgamma = (dout * xhat).sum(dim=0)
    dbeta = dout.sum(dim=0)
    g = dout * gamma
    proj = (g * xhat).mean(dim=-1, keepdim=True)
    dx = inv_std * (g - g.mean(dim=-1, keepdim=True) - xhat * proj)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (6, 8), "gamma": (8,), "beta": (8,), "dout": (6, 8)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_ln_01")
CAUSE = "sign"
FIX = "The path through the variance subtracts: dx = (g - mean(g) - xhat mean(g xhat)) / std."
