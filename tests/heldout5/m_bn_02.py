"""Batch norm followed by ReLU, one torch flat function for the fused block (training mode):
y = gamma * xhat + beta, a = relu(y), loss = sum(dout * a);
x (12, 6), gamma (6,), beta (6,), dout (12, 6).
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    y = F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)
    return (dout * F.relu(y)).sum()


def grad(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(dim=0)
    var = x.var(dim=0, unbiased=False)
    std = torch.sqrt(var + EPS)
    xhat = (x - mu) / std
    y = gamma * xhat + beta
    dy = dout * (x > 0)  # <- wrong
    dgamma = (dy * xhat).sum(dim=0)
    dbeta = dy.sum(dim=0)
    dxhat = dy * gamma
    dx = (N * dxhat - dxhat.sum(dim=0) - xhat * (dxhat * xhat).sum(dim=0)) / (N * std)
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(dim=0)
    var = x.var(dim=0, unbiased=False)
    std = torch.sqrt(var + EPS)
    xhat = (x - mu) / std
    y = gamma * xhat + beta
    dy = dout * (y > 0)
    dgamma = (dy * xhat).sum(dim=0)
    dbeta = dy.sum(dim=0)
    dxhat = dy * gamma
    dx = (N * dxhat - dxhat.sum(dim=0) - xhat * (dxhat * xhat).sum(dim=0)) / (N * std)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (12, 6), "gamma": (6,), "beta": (6,), "dout": (12, 6)})
case = derivation(loss, grad, **SPEC, name="m_bn_02")
CAUSE = "activation-derivative-of-input"
FIX = "The ReLU acts on the normalised y, so its mask is y > 0, not the block input's x > 0."
