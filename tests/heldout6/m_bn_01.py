"""Batch normalisation (training mode) as a layer class with the staged backward of the
CS231n notes, numpy, L = sum(G * out); x (8, 5), gamma, beta (5,).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


class BatchNorm:
    def __init__(self, gamma, beta):
        self.gamma = gamma
        self.beta = beta

    def forward(self, x):
        mu = np.mean(x, axis=0)
        self.xmu = x - mu
        sq = self.xmu ** 2
        self.var = np.mean(sq, axis=0)
        self.sqrtvar = np.sqrt(self.var + EPS)
        self.ivar = 1.0 / self.sqrtvar
        self.xhat = self.xmu * self.ivar
        return self.gamma * self.xhat + self.beta

    def backward(self, dout):
        N, D = dout.shape
        self.dbeta = np.sum(dout, axis=0)
        self.dgamma = np.sum(dout * self.xhat, axis=0)
        dxhat = dout * self.gamma
        divar = np.sum(dxhat * self.xmu, axis=0)
        dxmu1 = dxhat * self.ivar
        dsqrtvar = -1.0 / (self.sqrtvar ** 2) * divar
        dvar = 0.5 * 1.0 / np.sqrt(self.var + EPS) * dsqrtvar
        dsq = 1.0 / D * np.ones((N, D)) * dvar  # <- wrong
        dxmu2 = 2 * self.xmu * dsq
        dx1 = dxmu1 + dxmu2
        dmu = -1 * np.sum(dxmu1 + dxmu2, axis=0)
        dx2 = 1.0 / N * np.ones((N, D)) * dmu
        return dx1 + dx2


class BatchNormFixed(BatchNorm):
    def backward(self, dout):
        N, D = dout.shape
        self.dbeta = np.sum(dout, axis=0)
        self.dgamma = np.sum(dout * self.xhat, axis=0)
        dxhat = dout * self.gamma
        divar = np.sum(dxhat * self.xmu, axis=0)
        dxmu1 = dxhat * self.ivar
        dsqrtvar = -1.0 / (self.sqrtvar ** 2) * divar
        dvar = 0.5 * 1.0 / np.sqrt(self.var + EPS) * dsqrtvar
        dsq = 1.0 / N * np.ones((N, D)) * dvar
        dxmu2 = 2 * self.xmu * dsq
        dx1 = dxmu1 + dxmu2
        dmu = -1 * np.sum(dxmu1 + dxmu2, axis=0)
        dx2 = 1.0 / N * np.ones((N, D)) * dmu
        return dx1 + dx2


def loss(x, gamma, beta, G):
    out = F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)
    return (G * out).sum()


def grad(x, gamma, beta, G):
    bn = BatchNorm(gamma, beta)
    bn.forward(x)
    dx = bn.backward(G)
    return dx, bn.dgamma, bn.dbeta


def grad_fixed(x, gamma, beta, G):
    bn = BatchNormFixed(gamma, beta)
    bn.forward(x)
    dx = bn.backward(G)
    return dx, bn.dgamma, bn.dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (8, 5), "gamma": (5,), "beta": (5,), "G": (8, 5)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_bn_01")
CAUSE = "wrong-divisor"
FIX = "The variance is a mean over the N examples, so dsq = dvar / N."
