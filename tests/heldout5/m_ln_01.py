"""A layer-normalisation layer class in numpy: each row is normalised over its D features,
out = gamma * xhat + beta, xhat = (x - mean_row) / sqrt(var_row + eps);
loss = sum(dout * out); x (5, 8), gamma (8,), beta (8,), dout (5, 8).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


class LayerNorm:
    def __init__(self, gamma, beta, eps=EPS):
        self.gamma = gamma
        self.beta = beta
        self.eps = eps

    def forward(self, x):
        mu = x.mean(axis=1, keepdims=True)
        var = x.var(axis=1, keepdims=True)
        self.std = np.sqrt(var + self.eps)
        self.xhat = (x - mu) / self.std
        return self.gamma * self.xhat + self.beta

    def backward(self, dout):
        N, D = dout.shape
        self.dgamma = np.sum(dout * self.xhat, axis=0)
        self.dbeta = np.sum(dout, axis=0)
        dxhat = dout * self.gamma
        dx = (D * dxhat - dxhat.sum(axis=1, keepdims=True)
              - self.xhat * np.sum(dxhat * self.xhat, axis=1, keepdims=True))
        dx /= N * self.std  # <- wrong
        return dx


class LayerNormFixed(LayerNorm):
    def backward(self, dout):
        N, D = dout.shape
        self.dgamma = np.sum(dout * self.xhat, axis=0)
        self.dbeta = np.sum(dout, axis=0)
        dxhat = dout * self.gamma
        dx = (D * dxhat - dxhat.sum(axis=1, keepdims=True)
              - self.xhat * np.sum(dxhat * self.xhat, axis=1, keepdims=True))
        dx /= D * self.std
        return dx


def loss(x, gamma, beta, dout):
    out = F.layer_norm(x, (x.shape[-1],), gamma, beta, eps=EPS)
    return (dout * out).sum()


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


SPEC = dict(numpy=True, wrt=("x", "gamma", "beta"),
            shapes={"x": (5, 8), "gamma": (8,), "beta": (8,), "dout": (5, 8)})
case = derivation(loss, grad, **SPEC, name="m_ln_01")
CAUSE = "wrong-divisor"
FIX = "Layer norm averages over the D features of a row, so dx is divided by D * std, not N * std."
