"""Layer normalisation over the features of each row, with a gain, under an upstream gradient:
xhat = (x - mean_row(x)) / sqrt(var_row(x) + eps), y = gamma xhat, L = sum(dout * y);
x (N, D), gamma (D,), dout (N, D); N = 3, D = 5.
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, dout):
    return (dout * F.layer_norm(x, (x.shape[-1],), weight=gamma, eps=EPS)).sum()


def grad(x, gamma, dout):
    mu = x.mean(-1, keepdim=True)
    var = x.var(-1, correction=0, keepdim=True)
    rstd = 1 / torch.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dgamma = (dout * xhat).sum(0)
    dxhat = dout * gamma
    m1 = dxhat.mean(0, keepdim=True)  # <- wrong
    m2 = (dxhat * xhat).mean(-1, keepdim=True)
    dx = rstd * (dxhat - m1 - xhat * m2)
    return dx, dgamma


def grad_fixed(x, gamma, dout):
    mu = x.mean(-1, keepdim=True)
    var = x.var(-1, correction=0, keepdim=True)
    rstd = 1 / torch.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dgamma = (dout * xhat).sum(0)
    dxhat = dout * gamma
    m1 = dxhat.mean(-1, keepdim=True)
    m2 = (dxhat * xhat).mean(-1, keepdim=True)
    dx = rstd * (dxhat - m1 - xhat * m2)
    return dx, dgamma


SPEC = dict(wrt=("x", "gamma"), shapes={"x": ("N", "D"), "gamma": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 3, "D": 5})
case = derivation(loss, grad, **SPEC, name="v_layernorm_01")
CAUSE = "reduction-axis"
FIX = "Layer norm's statistics are per row, so the mean of dxhat is taken over the features, dim -1."
