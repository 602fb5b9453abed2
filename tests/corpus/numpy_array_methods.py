"""Numpy layers written with array methods only (``x.mean(axis=0)``, ``x.var(axis=0)``,
``x.std(axis=-1, keepdims=True)``), as many course solutions write them. Tensors run the
same code with another meaning (torch's ``var`` and ``std`` are unbiased, numpy's biased):
each must be run on numpy arrays, and verify.
"""

import numpy as np  # noqa: F401  (the module's numpy: the layers are numpy code)
import torch.nn.functional as F

from verify import derivation


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    std = (var + eps) ** 0.5
    xhat = (x - mu) / std
    out = gamma * xhat + beta
    cache = (xhat, gamma, std)
    return out, cache


def batchnorm_backward_alt(dout, cache):
    xhat, gamma, std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dx = (N * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0)) / (N * std)
    return dx, dgamma, dbeta


def bn_loss(x, gamma, beta, dout):
    y = F.batch_norm(x, None, None, gamma, beta, training=True, eps=1e-5)
    return (dout * y).sum()


def bn_grad(x, gamma, beta, dout):
    _, cache = batchnorm_forward(x, gamma, beta)
    return batchnorm_backward_alt(dout, cache)


batchnorm_methods = derivation(bn_loss, bn_grad, wrt=("x", "gamma", "beta"),
                               shapes={"x": (5, 4), "gamma": (4,), "beta": (4,), "dout": (5, 4)})


EPS = 1e-6


class LayerNorm:
    def __init__(self, gamma, beta, eps=EPS):
        self.gamma, self.beta, self.eps = gamma, beta, eps

    def forward(self, X):
        mean = X.mean(axis=-1, keepdims=True)
        std = X.std(axis=-1, keepdims=True)
        x_norm = (X - mean) / (std + self.eps)
        self.cache = (X - mean, std, x_norm)
        return self.gamma * x_norm + self.beta

    def backward(self, dout):
        xc, std, x_norm = self.cache
        D = dout.shape[-1]
        s = std + self.eps
        self.dgamma = (dout * x_norm).reshape(-1, D).sum(axis=0)
        self.dbeta = dout.reshape(-1, D).sum(axis=0)
        g = dout * self.gamma
        dX = (g - g.mean(axis=-1, keepdims=True)) / s \
            - (g * xc).sum(axis=-1, keepdims=True) * xc / (s ** 2 * D * std)
        return dX


def ln_loss(X, gamma, beta, dout):
    mean = X.mean(-1, keepdim=True)
    std = X.std(-1, unbiased=False, keepdim=True)
    return (dout * (gamma * (X - mean) / (std + EPS) + beta)).sum()


def ln_grad(X, gamma, beta, dout):
    layer = LayerNorm(gamma, beta)
    layer.forward(X)
    dX = layer.backward(dout)
    return dX, layer.dgamma, layer.dbeta


layernorm_std_eps = derivation(ln_loss, ln_grad, wrt=("X", "gamma", "beta"),
                               shapes={"X": (2, 3, 6), "gamma": (6,), "beta": (6,),
                                       "dout": (2, 3, 6)})
