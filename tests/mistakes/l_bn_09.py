"""Layer normalisation over the feature axis, the short form of the backward pass, in torch.

x (N, D), gamma (D,), beta (D,), each ROW normalised: xhat = (x - mean_1 x) / sqrt(var_1 x + eps),
out = gamma xhat + beta, L = sum(dout * out) with dout (N, D) the upstream gradient.
"""

import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    mu = x.mean(dim=1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=1, keepdim=True)
    xhat = (x - mu) / torch.sqrt(var + EPS)
    return (dout * (gamma * xhat + beta)).sum()


def grad(x, gamma, beta, dout):
    mu = x.mean(dim=1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=1, keepdim=True)
    istd = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * istd
    dxhat = dout * gamma
    proj = xhat * (dxhat * xhat).mean(dim=1, keepdim=True)
    dx = istd * (dxhat - proj)  # <- wrong
    return dx


def grad_fixed(x, gamma, beta, dout):
    mu = x.mean(dim=1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=1, keepdim=True)
    istd = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * istd
    dxhat = dout * gamma
    proj = xhat * (dxhat * xhat).mean(dim=1, keepdim=True)
    dx = istd * (dxhat - dxhat.mean(dim=1, keepdim=True) - proj)
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",),
                             "dout": ("N", "D")},
            sizes={"N": 3, "D": 4})
case = derivation(loss, grad, **SPEC, name="l_bn_09")
CAUSE = "missing-term"
FIX = "Subtract the mean term dxhat.mean(dim=1) inside the bracket too."
