"""RMS norm over the features with a learned gain, under an upstream gradient:
r = sqrt(mean_j x_ij^2 + eps), y = g * x / r, L = sum(dout * y); x (N, D), g (D,), dout (N, D).
"""

import torch

from verify import derivation

EPS = 1e-6


def loss(x, g, dout):
    r = torch.sqrt((x * x).mean(dim=1, keepdim=True) + EPS)
    return (dout * (g * x / r)).sum()


class RMSNorm:
    def __init__(self, g, eps=EPS):
        self.g = g
        self.eps = eps

    def forward(self, x):
        ms = (x * x).mean(dim=1, keepdim=True)
        r = torch.sqrt(ms + self.eps)
        xn = x / r
        self.cache = (x, r, xn)
        return self.g * xn

    def backward(self, dout):
        x, r, xn = self.cache
        D = x.shape[1]
        self.dg = (dout * xn).sum(dim=0)
        dxn = dout * self.g
        dr = -(dxn * x).sum(dim=1, keepdim=True) / (r * r)
        dms = dr / (2 * r)
        dx = dxn / r + dms * x / D  # <- wrong
        return dx


class RMSNormFixed(RMSNorm):
    def backward(self, dout):
        x, r, xn = self.cache
        D = x.shape[1]
        self.dg = (dout * xn).sum(dim=0)
        dxn = dout * self.g
        dr = -(dxn * x).sum(dim=1, keepdim=True) / (r * r)
        dms = dr / (2 * r)
        dx = dxn / r + dms * 2 * x / D
        return dx


def grad(x, g, dout):
    layer = RMSNorm(g)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dg


def grad_fixed(x, g, dout):
    layer = RMSNormFixed(g)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dg


SPEC = dict(wrt=("x", "g"), shapes={"x": ("N", "D"), "g": ("D",), "dout": ("N", "D")}, draws={},
            sizes={"N": 3, "D": 5})
case = derivation(loss, grad, **SPEC, name="x_rmsnorm_01")
CAUSE = "square-factor"
FIX = "The mean of squares has derivative 2 x / D with respect to x, so the factor 2 belongs in dx."
