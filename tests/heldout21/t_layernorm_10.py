"""Layer normalisation as a numpy layer class with a cache (statistics per row, over features).

xhat = (x - mean_row) / sqrt(var_row + eps), y = gamma * xhat + beta, L = sum(G * y);
x (3, 5), gamma (5,), beta (5,), G (3, 5); eps = 1e-5.  Gradients wrt x, gamma, beta.
Mistake: the backward was adapted from batch norm, and the variance path still divides by
N = x.shape[0] (the batch) where layer norm averages over D = x.shape[1] features.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, G):
    mu = x.mean(dim=1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=1, keepdim=True)
    return (G * (gamma * (x - mu) / torch.sqrt(var + EPS) + beta)).sum()


class LayerNorm:
    def __init__(self, gamma, beta):
        self.gamma = gamma
        self.beta = beta

    def forward(self, x):
        self.mu = x.mean(axis=1, keepdims=True)
        self.xc = x - self.mu
        self.var = (self.xc ** 2).mean(axis=1, keepdims=True)
        self.inv = 1.0 / np.sqrt(self.var + EPS)
        self.xhat = self.xc * self.inv
        return self.gamma * self.xhat + self.beta

    def backward(self, dout):
        N, D = dout.shape
        self.dgamma = (dout * self.xhat).sum(axis=0)
        self.dbeta = dout.sum(axis=0)
        dxhat = dout * self.gamma
        dvar = np.sum(dxhat * self.xc, axis=1, keepdims=True) * -0.5 * self.inv ** 3
        dmu = -np.sum(dxhat * self.inv, axis=1, keepdims=True)
        dx = dxhat * self.inv + 2.0 * dvar * self.xc / N + dmu / D  # <- wrong
        return dx


class LayerNormFixed(LayerNorm):
    def backward(self, dout):
        N, D = dout.shape
        self.dgamma = (dout * self.xhat).sum(axis=0)
        self.dbeta = dout.sum(axis=0)
        dxhat = dout * self.gamma
        dvar = np.sum(dxhat * self.xc, axis=1, keepdims=True) * -0.5 * self.inv ** 3
        dmu = -np.sum(dxhat * self.inv, axis=1, keepdims=True)
        dx = dxhat * self.inv + 2.0 * dvar * self.xc / D + dmu / D
        return dx


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
            shapes={"x": (3, 5), "gamma": (5,), "beta": (5,), "G": (3, 5)})
case = derivation(loss, grad, **SPEC, name="t_layernorm_10")
CAUSE = "wrong-divisor"
FIX = "Layer norm's variance is a mean over the D features of a row, so its path divides by D, not N."
