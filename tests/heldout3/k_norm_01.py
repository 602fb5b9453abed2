"""Layer normalisation over the feature axis in torch (no autograd):
xhat = (x - mean_j x) / sqrt(var_j x + eps), y = gamma xhat + beta, L = sum(dout * y);
x (N, D) = (4, 6), gamma (6,), beta (6,), dout (4, 6). The backward was adapted from a
batch-norm backward.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, gamma, beta, dout):
    return (dout * F.layer_norm(x, (x.shape[-1],), gamma, beta, eps=1e-5)).sum()


def grad(x, gamma, beta, dout):
    eps = 1e-5
    mu = x.mean(dim=1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=1, keepdim=True)
    inv = 1.0 / torch.sqrt(var + eps)
    xhat = (x - mu) * inv
    dgamma = (dout * xhat).sum(dim=0)
    dbeta = dout.sum(dim=0)
    dxhat = dout * gamma
    dx = inv * (dxhat - dxhat.mean(dim=0, keepdim=True) - xhat * (dxhat * xhat).mean(dim=1, keepdim=True))  # <- wrong
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    eps = 1e-5
    mu = x.mean(dim=1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=1, keepdim=True)
    inv = 1.0 / torch.sqrt(var + eps)
    xhat = (x - mu) * inv
    dgamma = (dout * xhat).sum(dim=0)
    dbeta = dout.sum(dim=0)
    dxhat = dout * gamma
    dx = inv * (dxhat - dxhat.mean(dim=1, keepdim=True) - xhat * (dxhat * xhat).mean(dim=1, keepdim=True))
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            sizes={"N": 4, "D": 6})
case = derivation(loss, grad, **SPEC, name="k_norm_01")
CAUSE = "reduction-axis"
FIX = "Layer norm's statistics run over the features, so the mean of dxhat is over dim=1, not the batch."
