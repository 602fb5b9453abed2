"""Layer normalisation as a numpy layer class, ported from a batch-norm layer:
y = gamma * (x - mu) / std + beta with mu, var per row over the D features (biased), std = sqrt(var + eps),
checked through L = sum(dout * y); x (N, D), gamma (D,), beta (D,), dout (N, D) with N = 5, D = 7.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.layer_norm(x, (x.shape[1],), gamma, beta, eps=EPS)).sum()


class LayerNorm:
    def __init__(self, gamma, beta, eps=EPS):
        self.gamma, self.beta, self.eps = gamma, beta, eps
        self.xhat = self.std = None
        self.dgamma = self.dbeta = None

    def forward(self, x):
        mu = x.mean(axis=1, keepdims=True)
        var = x.var(axis=1, keepdims=True)
        self.std = np.sqrt(var + self.eps)
        self.xhat = (x - mu) / self.std
        return self.gamma * self.xhat + self.beta

    def backward(self, dout):
        self.dgamma = np.sum(dout * self.xhat, axis=0)
        self.dbeta = np.sum(dout, axis=0)
        dxhat = dout * self.gamma
        n = dout.shape[0]  # <- wrong
        s1 = np.sum(dxhat, axis=1, keepdims=True)
        s2 = np.sum(dxhat * self.xhat, axis=1, keepdims=True)
        return (n * dxhat - s1 - self.xhat * s2) / (n * self.std)


class LayerNormFixed(LayerNorm):
    def backward(self, dout):
        self.dgamma = np.sum(dout * self.xhat, axis=0)
        self.dbeta = np.sum(dout, axis=0)
        dxhat = dout * self.gamma
        n = dout.shape[1]
        s1 = np.sum(dxhat, axis=1, keepdims=True)
        s2 = np.sum(dxhat * self.xhat, axis=1, keepdims=True)
        return (n * dxhat - s1 - self.xhat * s2) / (n * self.std)


def grad(x, gamma, beta, dout):
    ln = LayerNorm(gamma, beta)
    ln.forward(x)
    dx = ln.backward(dout)
    return dx, ln.dgamma, ln.dbeta


def grad_fixed(x, gamma, beta, dout):
    ln = LayerNormFixed(gamma, beta)
    ln.forward(x)
    dx = ln.backward(dout)
    return dx, ln.dgamma, ln.dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 5, "D": 7})
case = derivation(loss, grad, **SPEC, name="m_ln_02")
CAUSE = "wrong-divisor"
FIX = "Layer norm averages over the D features of a row, so n must be dout.shape[1], not the batch size."
