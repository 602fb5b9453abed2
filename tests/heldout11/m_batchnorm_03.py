"""Batch normalisation as a torch layer class with forward, cache and backward:
xhat = (x - mean_n x) / sqrt(var_n x + eps), y = gamma xhat + beta, L = sum(dout * y);
x (6, 3), gamma (3,), beta (3,), dout (6, 3).
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
        self.gamma = gamma
        self.beta = beta

    def forward(self, x):
        mu = x.mean(dim=0)
        var = ((x - mu) ** 2).mean(dim=0)
        self.inv_std = 1.0 / torch.sqrt(var + EPS)
        self.x = x
        self.xhat = (x - mu) * self.inv_std
        return self.gamma * self.xhat + self.beta

    def backward(self, dout):
        N = dout.shape[0]
        self.dbeta = dout.sum(dim=0)
        self.dgamma = (dout * self.x).sum(dim=0)  # <- wrong
        dxhat = dout * self.gamma
        return self.inv_std / N * (N * dxhat - dxhat.sum(dim=0)
                                   - self.xhat * (dxhat * self.xhat).sum(dim=0))


class BatchNormFixed(BatchNorm):
    def backward(self, dout):
        N = dout.shape[0]
        self.dbeta = dout.sum(dim=0)
        self.dgamma = (dout * self.xhat).sum(dim=0)
        dxhat = dout * self.gamma
        return self.inv_std / N * (N * dxhat - dxhat.sum(dim=0)
                                   - self.xhat * (dxhat * self.xhat).sum(dim=0))


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
            shapes={"x": (6, 3), "gamma": (3,), "beta": (3,), "dout": (6, 3)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_batchnorm_03")
CAUSE = "wrong-operand"
FIX = "gamma scales the normalised input, so dgamma = sum_n dout * xhat, not dout * x."
