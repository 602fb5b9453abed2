"""Layer normalisation's input gradient under an upstream gradient, torch:
xhat = (x - mean_d x) / sqrt(var_d x + eps), out = gamma xhat + beta, L = sum(dout * out);
x (N, D), gamma (D,), beta (D,), dout (N, D) with N = 4, D = 5, eps = 1e-5.
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.layer_norm(x, (x.shape[1],), gamma, beta, EPS)).sum()


def grad(x, gamma, beta, dout):
    N, D = x.shape
    mu = x.mean(1, keepdim=True)
    var = ((x - mu) ** 2).mean(1, keepdim=True)
    rstd = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dxhat = dout * gamma
    s1 = dxhat.sum(1, keepdim=True)
    s2 = (dxhat * xhat).sum(1, keepdim=True)
    dx = rstd * (dxhat - s1 / N - xhat * s2 / N)  # <- wrong
    return dx


def grad_fixed(x, gamma, beta, dout):
    N, D = x.shape
    mu = x.mean(1, keepdim=True)
    var = ((x - mu) ** 2).mean(1, keepdim=True)
    rstd = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dxhat = dout * gamma
    s1 = dxhat.sum(1, keepdim=True)
    s2 = (dxhat * xhat).sum(1, keepdim=True)
    dx = rstd * (dxhat - s1 / D - xhat * s2 / D)
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",),
                             "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 5})
case = derivation(loss, grad, **SPEC, name="m_layernorm_01")
CAUSE = "wrong-divisor"
FIX = "Layer norm averages over the D features of a row, so the sums are divided by D."
