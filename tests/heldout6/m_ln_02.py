"""Layer normalisation over the last axis, torch flat function, L = sum(G * out),
out = gamma * (x - mean) / sqrt(var + eps) + beta; x (7, 9), gamma, beta (9,), G (7, 9).
"""

import torch
import torch.nn.functional as F

from verify import derivation

eps = 1e-5


def loss(x, gamma, beta, G):
    return (G * F.layer_norm(x, x.shape[-1:], gamma, beta, eps)).sum()


def grad(x, gamma, beta, G):
    mu = x.mean(dim=1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=1, keepdim=True)
    rstd = 1.0 / torch.sqrt(var + eps)
    xhat = (x - mu) * rstd
    dgamma = (G * xhat).sum(0)
    dbeta = G.sum(0)
    dxhat = G * gamma
    m1 = dxhat.mean(dim=0, keepdim=True)  # <- wrong
    m2 = (dxhat * xhat).mean(dim=1, keepdim=True)
    dx = rstd * (dxhat - m1 - xhat * m2)
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, G):
    mu = x.mean(dim=1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=1, keepdim=True)
    rstd = 1.0 / torch.sqrt(var + eps)
    xhat = (x - mu) * rstd
    dgamma = (G * xhat).sum(0)
    dbeta = G.sum(0)
    dxhat = G * gamma
    m1 = dxhat.mean(dim=1, keepdim=True)
    m2 = (dxhat * xhat).mean(dim=1, keepdim=True)
    dx = rstd * (dxhat - m1 - xhat * m2)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (7, 9), "gamma": (9,), "beta": (9,), "G": (7, 9)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_ln_02")
CAUSE = "reduction-axis"
FIX = "Every mean in layer norm's backward runs over the features of a row (dim=1)."
