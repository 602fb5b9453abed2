"""Layer norm over the last axis of a (batch, tokens, features) activation, torch flat
function as in a hand-written transformer block: out = gamma * xhat + beta;
loss = sum(dout * out); x (3, 5, 8), gamma (8,), beta (8,), dout (3, 5, 8).
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    out = F.layer_norm(x, (x.shape[-1],), gamma, beta, eps=EPS)
    return (dout * out).sum()


def grad(x, gamma, beta, dout):
    mu = x.mean(dim=-1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=-1, keepdim=True)
    rstd = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dgamma = (dout * xhat).sum(dim=(0, 1))
    dbeta = dout.sum(dim=(0, 1))
    dxhat = dout * gamma
    m1 = dxhat.mean(dim=0, keepdim=True)  # <- wrong
    m2 = (dxhat * xhat).mean(dim=-1, keepdim=True)
    dx = rstd * (dxhat - m1 - xhat * m2)
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    mu = x.mean(dim=-1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=-1, keepdim=True)
    rstd = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dgamma = (dout * xhat).sum(dim=(0, 1))
    dbeta = dout.sum(dim=(0, 1))
    dxhat = dout * gamma
    m1 = dxhat.mean(dim=-1, keepdim=True)
    m2 = (dxhat * xhat).mean(dim=-1, keepdim=True)
    dx = rstd * (dxhat - m1 - xhat * m2)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (3, 5, 8), "gamma": (8,), "beta": (8,), "dout": (3, 5, 8)})
case = derivation(loss, grad, **SPEC, name="m_ln_02")
CAUSE = "reduction-axis"
FIX = "Layer norm's mean term is over the feature axis, dxhat.mean(dim=-1), not over the batch."
