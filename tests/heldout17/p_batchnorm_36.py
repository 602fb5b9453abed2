"""Batch normalisation forward and its compact backward, torch (training statistics, biased variance):
xhat = (x - mu) / sqrt(var + eps), y = gamma * xhat + beta, L = sum(G * y);
x (N, D), gamma (D,), beta (D,), G (N, D); N = 6, D = 3, eps = 1e-5.
"""

import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, G):
    mu = x.mean(dim=0)
    var = x.var(dim=0, correction=0)
    return (G * (gamma * (x - mu) / torch.sqrt(var + EPS) + beta)).sum()


def grad(x, gamma, beta, G):
    N = x.shape[0]
    mu = x.mean(dim=0)
    var = x.var(dim=0, correction=0)
    inv = torch.rsqrt(var + EPS)
    xhat = (x - mu) * inv
    dxhat = G * gamma
    dx = inv / N * (N * dxhat - xhat * (dxhat * xhat).sum(dim=0))  # <- wrong
    return dx, (G * xhat).sum(dim=0), G.sum(dim=0)


def grad_fixed(x, gamma, beta, G):
    N = x.shape[0]
    mu = x.mean(dim=0)
    var = x.var(dim=0, correction=0)
    inv = torch.rsqrt(var + EPS)
    xhat = (x - mu) * inv
    dxhat = G * gamma
    dx = inv / N * (N * dxhat - dxhat.sum(dim=0) - xhat * (dxhat * xhat).sum(dim=0))
    return dx, (G * xhat).sum(dim=0), G.sum(dim=0)


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "G": ("N", "D")},
            sizes={"N": 6, "D": 3})
case = derivation(loss, grad, **SPEC, name="p_batchnorm_36")
CAUSE = "missing-term"
FIX = "The mean's path adds - sum_n dxhat: dx = inv/N (N dxhat - sum(dxhat) - xhat sum(dxhat xhat))."
