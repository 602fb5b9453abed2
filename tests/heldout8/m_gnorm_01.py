"""Group norm on a 1-D feature map with 2 groups, fed an upstream gradient, torch:
x (N, C, L) split into G groups of C/G channels, each normalised over its C/G * L values,
y = gamma xhat + beta (per channel), L = sum(dy * y); x (2, 4, 3), gamma, beta (4,), dy (2, 4, 3).
"""

import torch
import torch.nn.functional as F

from verify import derivation

G = 2
EPS = 1e-5


def loss(x, gamma, beta, dy):
    return (dy * F.group_norm(x, G, gamma, beta, eps=EPS)).sum()


def grad(x, gamma, beta, dy):
    N, C, Lx = x.shape
    xg = x.reshape(N, G, -1)
    M = C // G  # <- wrong
    mu = xg.mean(-1, keepdim=True)
    std = torch.sqrt(xg.var(-1, unbiased=False, keepdim=True) + EPS)
    xhat = (xg - mu) / std
    dgamma = (dy * xhat.reshape(N, C, Lx)).sum((0, 2))
    dbeta = dy.sum((0, 2))
    dxhat = (dy * gamma[None, :, None]).reshape(N, G, -1)
    dxg = (M * dxhat - dxhat.sum(-1, keepdim=True)
           - xhat * (dxhat * xhat).sum(-1, keepdim=True)) / (M * std)
    return dxg.reshape(N, C, Lx), dgamma, dbeta


def grad_fixed(x, gamma, beta, dy):
    N, C, Lx = x.shape
    xg = x.reshape(N, G, -1)
    M = xg.shape[-1]
    mu = xg.mean(-1, keepdim=True)
    std = torch.sqrt(xg.var(-1, unbiased=False, keepdim=True) + EPS)
    xhat = (xg - mu) / std
    dgamma = (dy * xhat.reshape(N, C, Lx)).sum((0, 2))
    dbeta = dy.sum((0, 2))
    dxhat = (dy * gamma[None, :, None]).reshape(N, G, -1)
    dxg = (M * dxhat - dxhat.sum(-1, keepdim=True)
           - xhat * (dxhat * xhat).sum(-1, keepdim=True)) / (M * std)
    return dxg.reshape(N, C, Lx), dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (2, 4, 3), "gamma": (4,), "beta": (4,), "dy": (2, 4, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_gnorm_01")
CAUSE = "wrong-divisor"
FIX = "A group holds C/G channels times L positions, so M = C // G * L = xg.shape[-1]."
