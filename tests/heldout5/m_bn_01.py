"""A batch-normalisation layer class in numpy (training mode), with the compact backward:
out = gamma * xhat + beta, xhat = (x - mean) / sqrt(var + eps) over the batch axis;
loss = sum(dout * out); x (16, 5), gamma (5,), beta (5,), dout (16, 5).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


class BatchNorm:
    def __init__(self, gamma, beta, eps=EPS):
        self.gamma = gamma
        self.beta = beta
        self.eps = eps

    def forward(self, x):
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        self.std = np.sqrt(var + self.eps)
        self.xhat = (x - mu) / self.std
        return self.gamma * self.xhat + self.beta

    def backward(self, dout):
        N = dout.shape[0]
        self.dbeta = np.sum(dout, axis=0)
        self.dgamma = np.sum(dout * self.xhat, axis=0) / N  # <- wrong
        dxhat = dout * self.gamma
        dx = N * dxhat - dxhat.sum(axis=0) - self.xhat * np.sum(dxhat * self.xhat, axis=0)
        dx /= N * self.std
        return dx


class BatchNormFixed(BatchNorm):
    def backward(self, dout):
        N = dout.shape[0]
        self.dbeta = np.sum(dout, axis=0)
        self.dgamma = np.sum(dout * self.xhat, axis=0)
        dxhat = dout * self.gamma
        dx = N * dxhat - dxhat.sum(axis=0) - self.xhat * np.sum(dxhat * self.xhat, axis=0)
        dx /= N * self.std
        return dx


def loss(x, gamma, beta, dout):
    out = F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)
    return (dout * out).sum()


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


SPEC = dict(numpy=True, wrt=("x", "gamma", "beta"),
            shapes={"x": (16, 5), "gamma": (5,), "beta": (5,), "dout": (16, 5)})
case = derivation(loss, grad, **SPEC, name="m_bn_01")
CAUSE = "batch-mean"
FIX = "dgamma is the plain sum over the batch of dout * xhat; the loss has no 1/N to divide by."
