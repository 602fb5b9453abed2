"""Batch normalisation's input gradient through the staged graph (mean, variance), torch:
xhat = (x - mu) / sqrt(var + eps) with the batch mean and biased variance, out = gamma xhat + beta,
L = sum(dout * out); x (N, D), gamma (D,), beta (D,), dout (N, D) with N = 4, D = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)).sum()


def grad(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(0)
    xc = x - mu
    var = (xc ** 2).mean(0)
    istd = torch.rsqrt(var + EPS)
    dxhat = dout * gamma
    dvar = -0.5 * (dxhat * xc).sum(0) * istd ** 3
    dmu = -(dxhat * istd).sum(0) - 2.0 * dvar * xc.mean(0)
    dx = dxhat * istd + dmu / N  # <- wrong
    return dx


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(0)
    xc = x - mu
    var = (xc ** 2).mean(0)
    istd = torch.rsqrt(var + EPS)
    dxhat = dout * gamma
    dvar = -0.5 * (dxhat * xc).sum(0) * istd ** 3
    dmu = -(dxhat * istd).sum(0) - 2.0 * dvar * xc.mean(0)
    dx = dxhat * istd + dvar * 2.0 * xc / N + dmu / N
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",),
                             "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_batchnorm_02")
CAUSE = "missing-term"
FIX = "x also reaches the loss through the variance, so dx adds dvar 2 (x - mu) / N."
