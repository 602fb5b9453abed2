"""Batch norm (training mode) as a torch flat function, backward through the variance and
the mean in the textbook's three-term form (dvar, dmu, then dx);
loss = sum(dout * out); x (10, 4), gamma (4,), beta (4,), dout (10, 4).
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    out = F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)
    return (dout * out).sum()


def grad(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    std = torch.sqrt(var + EPS)
    xhat = (x - mu) / std
    dgamma = (dout * xhat).sum(dim=0)
    dbeta = dout.sum(dim=0)
    dxhat = dout * gamma
    dvar = (dxhat * (x - mu)).sum(dim=0) * -0.5 * (var + EPS) ** -1.5
    dmu = -(dxhat / std).sum(dim=0) + dvar * (-2.0 * (x - mu)).mean(dim=0)
    dx = dxhat / std + dvar * 2.0 * (x - mu) / N  # <- wrong
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    std = torch.sqrt(var + EPS)
    xhat = (x - mu) / std
    dgamma = (dout * xhat).sum(dim=0)
    dbeta = dout.sum(dim=0)
    dxhat = dout * gamma
    dvar = (dxhat * (x - mu)).sum(dim=0) * -0.5 * (var + EPS) ** -1.5
    dmu = -(dxhat / std).sum(dim=0) + dvar * (-2.0 * (x - mu)).mean(dim=0)
    dx = dxhat / std + dvar * 2.0 * (x - mu) / N + dmu / N
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (10, 4), "gamma": (4,), "beta": (4,), "dout": (10, 4)})
case = derivation(loss, grad, **SPEC, name="m_bn_04")
CAUSE = "missing-term"
FIX = "x also enters through the batch mean, so dx needs the third term dmu / N."
