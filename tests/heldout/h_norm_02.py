"""Layer normalization without affine parameters, backward node by node (mean, centre,
variance, inverse std), checked through L = sum(dout * layer_norm(x));
x (N, D) normalized over its D features, dout (N, D).
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, dout):
    return (dout * F.layer_norm(x, (x.shape[1],), eps=EPS)).sum()


def grad(x, dout):
    N, D = x.shape
    mu = x.mean(dim=1, keepdim=True)
    xc = x - mu
    var = (xc ** 2).mean(dim=1, keepdim=True)
    inv = 1.0 / torch.sqrt(var + EPS)
    dxhat = dout
    dinv = (dxhat * xc).sum(dim=1, keepdim=True)
    dvar = -0.5 * dinv * (var + EPS) ** -1.5
    dxc = dxhat * inv + 2.0 * xc * dvar / N  # <- wrong
    dmu = -dxc.sum(dim=1, keepdim=True)
    dx = dxc + dmu / D
    return dx


def grad_fixed(x, dout):
    N, D = x.shape
    mu = x.mean(dim=1, keepdim=True)
    xc = x - mu
    var = (xc ** 2).mean(dim=1, keepdim=True)
    inv = 1.0 / torch.sqrt(var + EPS)
    dxhat = dout
    dinv = (dxhat * xc).sum(dim=1, keepdim=True)
    dvar = -0.5 * dinv * (var + EPS) ** -1.5
    dxc = dxhat * inv + 2.0 * xc * dvar / D
    dmu = -dxc.sum(dim=1, keepdim=True)
    dx = dxc + dmu / D
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "D"), "dout": ("N", "D")}, sizes={"N": 6, "D": 4})
case = derivation(loss, grad, **SPEC, name="h_norm_02")
CAUSE = "wrong-divisor"
FIX = "The variance is a mean over the D features of a row: divide by D, not the batch size N."
