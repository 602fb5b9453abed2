"""A layer-norm layer class in numpy with a cached forward, L = sum(G * out):
out = gamma * (x - mean) / sqrt(var + eps) + beta over each row; x (6, 10), gamma, beta (10,).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


class LayerNorm:
    def __init__(self, gamma, beta):
        self.gamma = gamma
        self.beta = beta

    def forward(self, x):
        mu = x.mean(axis=1, keepdims=True)
        var = x.var(axis=1, keepdims=True)
        self.inv_std = 1.0 / np.sqrt(var + EPS)
        self.xhat = (x - mu) * self.inv_std
        return self.gamma * self.xhat + self.beta

    def backward(self, dout):
        D = self.xhat.shape[0]  # <- wrong
        dxhat = dout * self.gamma
        self.dgamma = np.sum(dout * self.xhat, axis=0)
        self.dbeta = np.sum(dout, axis=0)
        s1 = dxhat.sum(axis=1, keepdims=True)
        s2 = (dxhat * self.xhat).sum(axis=1, keepdims=True)
        dx = (D * dxhat - s1 - self.xhat * s2) * self.inv_std / D
        return dx


class LayerNormFixed(LayerNorm):
    def backward(self, dout):
        D = self.xhat.shape[1]
        dxhat = dout * self.gamma
        self.dgamma = np.sum(dout * self.xhat, axis=0)
        self.dbeta = np.sum(dout, axis=0)
        s1 = dxhat.sum(axis=1, keepdims=True)
        s2 = (dxhat * self.xhat).sum(axis=1, keepdims=True)
        dx = (D * dxhat - s1 - self.xhat * s2) * self.inv_std / D
        return dx


def loss(x, gamma, beta, G):
    return (G * F.layer_norm(x, (x.shape[1],), gamma, beta, eps=EPS)).sum()


def grad(x, gamma, beta, G):
    ln = LayerNorm(gamma, beta)
    ln.forward(x)
    dx = ln.backward(G)
    return dx, ln.dgamma, ln.dbeta


def grad_fixed(x, gamma, beta, G):
    ln = LayerNormFixed(gamma, beta)
    ln.forward(x)
    dx = ln.backward(G)
    return dx, ln.dgamma, ln.dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (6, 10), "gamma": (10,), "beta": (10,), "G": (6, 10)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_ln_01")
CAUSE = "wrong-divisor"
FIX = "Layer norm averages over the D features of a row, so D = x.shape[1]."
