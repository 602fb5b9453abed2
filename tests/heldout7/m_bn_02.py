"""Batch normalisation as a numpy layer class caching the centred input, the std and the normalised
input: y = gamma xn + beta, xn = (x - mu) / sqrt(var + eps) over the batch, eps = 1e-5,
checked through L = sum(dout * y); x (N, D), gamma (D,), beta (D,), dout (N, D) with N = 9, D = 4.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)).sum()


class BatchNorm:
    def __init__(self, gamma, beta, eps=EPS):
        self.gamma, self.beta, self.eps = gamma, beta, eps
        self.xc = self.std = self.xn = None
        self.dgamma = self.dbeta = None

    def forward(self, x):
        self.xc = x - x.mean(axis=0)
        self.std = np.sqrt(np.mean(self.xc ** 2, axis=0) + self.eps)
        self.xn = self.xc / self.std
        return self.gamma * self.xn + self.beta

    def backward(self, dout):
        m = dout.shape[0]
        self.dbeta = dout.sum(axis=0)
        self.dgamma = np.sum(self.xc * dout, axis=0)  # <- wrong
        dxn = self.gamma * dout
        dxc = dxn / self.std
        dstd = -np.sum(dxn * self.xc / self.std ** 2, axis=0)
        dxc = dxc + self.xc * (dstd / self.std) / m
        return dxc - dxc.mean(axis=0)


class BatchNormFixed(BatchNorm):
    def backward(self, dout):
        m = dout.shape[0]
        self.dbeta = dout.sum(axis=0)
        self.dgamma = np.sum(self.xn * dout, axis=0)
        dxn = self.gamma * dout
        dxc = dxn / self.std
        dstd = -np.sum(dxn * self.xc / self.std ** 2, axis=0)
        dxc = dxc + self.xc * (dstd / self.std) / m
        return dxc - dxc.mean(axis=0)


def grad(x, gamma, beta, dout):
    bn = BatchNorm(gamma, beta)
    bn.forward(x)
    dx = bn.backward(dout)
    return dx, bn.dgamma, bn.dbeta


def grad_fixed(x, gamma, beta, dout):
    bn = BatchNormFixed(gamma, beta)
    bn.forward(x)
    dx = bn.backward(dout)
    return dx, bn.dgamma, bn.dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 9, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_bn_02")
CAUSE = "wrong-operand"
FIX = "gamma multiplies the normalised input, so dgamma = sum(xn * dout), not the merely centred xc."
