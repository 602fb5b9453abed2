"""A layer-norm layer in the classic class style, numpy:
y = gamma * (x - mean_d x) / sqrt(var_d x + eps) + beta over the D features of each row,
L = sum(dout * y); x (N, D), gamma (D,), beta (D,), dout (N, D).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.layer_norm(x, (x.shape[-1],), gamma, beta, eps=EPS)).sum()


class LayerNorm:
    def __init__(self, gamma, beta):
        self.gamma, self.beta = gamma, beta

    def forward(self, x):
        mu = x.mean(axis=1, keepdims=True)
        var = x.var(axis=1, keepdims=True)
        self.inv = 1.0 / np.sqrt(var + EPS)
        self.xhat = (x - mu) * self.inv
        return self.gamma * self.xhat + self.beta

    def backward(self, dout):
        N, D = dout.shape
        self.dgamma = np.sum(dout * self.xhat, axis=0)
        self.dbeta = np.sum(dout, axis=0)
        dxhat = dout * self.gamma
        dx = (1.0 / N) * self.inv * (D * dxhat - dxhat.sum(axis=1, keepdims=True) - self.xhat * (dxhat * self.xhat).sum(axis=1, keepdims=True))  # <- wrong
        return dx


class LayerNormFixed(LayerNorm):
    def backward(self, dout):
        N, D = dout.shape
        self.dgamma = np.sum(dout * self.xhat, axis=0)
        self.dbeta = np.sum(dout, axis=0)
        dxhat = dout * self.gamma
        dx = (1.0 / D) * self.inv * (D * dxhat - dxhat.sum(axis=1, keepdims=True) - self.xhat * (dxhat * self.xhat).sum(axis=1, keepdims=True))
        return dx


def grad(x, gamma, beta, dout):
    layer = LayerNorm(gamma, beta)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dgamma, layer.dbeta


def grad_fixed(x, gamma, beta, dout):
    layer = LayerNormFixed(gamma, beta)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dgamma, layer.dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 6})
case = derivation(loss, grad, **SPEC, name="m_layernorm_01")
CAUSE = "wrong-divisor"
FIX = "Layer norm averages over the D features of a row, so the factor in front is 1/D, not the batch norm's 1/N."
