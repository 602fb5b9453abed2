"""Batch normalisation (training mode) as a layer with a staged backward through the
computational graph, numpy: mu = mean_n x, var = mean_n (x - mu)^2,
y = gamma (x - mu) / sqrt(var + eps) + beta, L = sum(dout * y);
x (N, D), gamma (D,), beta (D,), dout (N, D).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, gamma, beta, dout):
    y = F.batch_norm(x, None, None, gamma, beta, training=True, eps=1e-5)
    return (dout * y).sum()


class BatchNorm:
    def __init__(self, gamma, beta, eps=1e-5):
        self.gamma, self.beta, self.eps = gamma, beta, eps

    def forward(self, x):
        N = x.shape[0]
        mu = 1.0 / N * np.sum(x, axis=0)
        xmu = x - mu
        var = 1.0 / N * np.sum(xmu ** 2, axis=0)
        sqrtvar = np.sqrt(var + self.eps)
        ivar = 1.0 / sqrtvar
        xhat = xmu * ivar
        self.cache = (xhat, xmu, ivar, sqrtvar, var)
        return self.gamma * xhat + self.beta

    def backward(self, dout):
        xhat, xmu, ivar, sqrtvar, var = self.cache
        N = dout.shape[0]
        dbeta = np.sum(dout, axis=0)
        dgamma = np.sum(dout * xhat, axis=0)
        dxhat = dout * self.gamma
        divar = np.sum(dxhat * xmu, axis=0)
        dxmu1 = dxhat * ivar
        dsqrtvar = -1.0 / (sqrtvar ** 2) * divar
        dvar = 0.5 * 1.0 / np.sqrt(var + self.eps) * dsqrtvar
        dsq = 1.0 / N * np.ones_like(dout) * dvar
        dxmu2 = 2 * xmu * dsq
        dx1 = dxmu1 + dxmu2
        dmu = -1 * np.sum(dx1, axis=1)  # <- wrong
        dx2 = 1.0 / N * np.ones_like(dout) * dmu
        dx = dx1 + dx2
        return dx, dgamma, dbeta


class BatchNormFixed(BatchNorm):
    def backward(self, dout):
        xhat, xmu, ivar, sqrtvar, var = self.cache
        N = dout.shape[0]
        dbeta = np.sum(dout, axis=0)
        dgamma = np.sum(dout * xhat, axis=0)
        dxhat = dout * self.gamma
        divar = np.sum(dxhat * xmu, axis=0)
        dxmu1 = dxhat * ivar
        dsqrtvar = -1.0 / (sqrtvar ** 2) * divar
        dvar = 0.5 * 1.0 / np.sqrt(var + self.eps) * dsqrtvar
        dsq = 1.0 / N * np.ones_like(dout) * dvar
        dxmu2 = 2 * xmu * dsq
        dx1 = dxmu1 + dxmu2
        dmu = -1 * np.sum(dx1, axis=0)
        dx2 = 1.0 / N * np.ones_like(dout) * dmu
        dx = dx1 + dx2
        return dx, dgamma, dbeta


def grad(x, gamma, beta, dout):
    bn = BatchNorm(gamma, beta)
    bn.forward(x)
    return bn.backward(dout)


def grad_fixed(x, gamma, beta, dout):
    bn = BatchNormFixed(gamma, beta)
    bn.forward(x)
    return bn.backward(dout)


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_batchnorm_02")
CAUSE = "reduction-axis"
FIX = "mu is a mean over the batch, so its gradient sums dx1 over axis 0, the examples."
