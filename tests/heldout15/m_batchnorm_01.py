"""A batch-norm layer (training mode) written as a class, torch:
y = gamma * (x - mean_n x) / sqrt(var_n x + eps) + beta with the biased variance,
L = sum(dout * y); x (N, D), gamma (D,), beta (D,), dout (N, D).
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    y = F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)
    return (dout * y).sum()


class BatchNorm:
    def __init__(self, gamma, beta):
        self.gamma, self.beta = gamma, beta

    def forward(self, x):
        N = x.shape[0]
        mu = x.sum(0) / N
        xc = x - mu
        var = (xc ** 2).sum(0) / (N - 1)  # <- wrong
        self.std = torch.sqrt(var + EPS)
        self.xhat = xc / self.std
        return self.gamma * self.xhat + self.beta

    def backward(self, dout):
        N = dout.shape[0]
        self.dbeta = dout.sum(0)
        self.dgamma = (dout * self.xhat).sum(0)
        dxhat = dout * self.gamma
        dx = (N * dxhat - dxhat.sum(0) - self.xhat * (dxhat * self.xhat).sum(0)) / (N * self.std)
        return dx


class BatchNormFixed(BatchNorm):
    def forward(self, x):
        N = x.shape[0]
        mu = x.sum(0) / N
        xc = x - mu
        var = (xc ** 2).sum(0) / N
        self.std = torch.sqrt(var + EPS)
        self.xhat = xc / self.std
        return self.gamma * self.xhat + self.beta


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
            draws={}, sizes={"N": 5, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_batchnorm_01")
CAUSE = "wrong-divisor"
FIX = "Batch norm in training normalises with the biased variance, so divide the squares by N, not N - 1."
