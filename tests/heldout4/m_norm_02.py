"""A batch-norm layer class (training mode) with a forward cache and the compact backward,
numpy: out = gamma xhat + beta, xhat = (x - mu) / sqrt(var + eps), loss = sum(dout * out);
x (N, D), gamma (D,), beta (D,), dout (N, D), N = 5, D = 4. Gradients of x, gamma, beta.
"""

import numpy as np
import torch

from verify import derivation


class BatchNorm:
    def __init__(self, gamma, beta, eps=1e-5):
        self.gamma, self.beta, self.eps = gamma, beta, eps

    def forward(self, x):
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        self.x = x
        self.inv_std = 1.0 / np.sqrt(var + self.eps)
        self.xhat = (x - mu) * self.inv_std
        return self.gamma * self.xhat + self.beta

    def backward(self, dout):
        N = dout.shape[0]
        dbeta = dout.sum(axis=0)
        dgamma = np.sum(dout * self.x, axis=0)  # <- wrong
        dxhat = dout * self.gamma
        dx = self.inv_std / N * (N * dxhat - dxhat.sum(axis=0)
                                 - self.xhat * (dxhat * self.xhat).sum(axis=0))
        return dx, dgamma, dbeta


class BatchNormFixed(BatchNorm):
    def backward(self, dout):
        N = dout.shape[0]
        dbeta = dout.sum(axis=0)
        dgamma = np.sum(dout * self.xhat, axis=0)
        dxhat = dout * self.gamma
        dx = self.inv_std / N * (N * dxhat - dxhat.sum(axis=0)
                                 - self.xhat * (dxhat * self.xhat).sum(axis=0))
        return dx, dgamma, dbeta


def loss(x, gamma, beta, dout):
    out = torch.nn.functional.batch_norm(x, None, None, gamma, beta, training=True, eps=1e-5)
    return (dout * out).sum()


def grad(x, gamma, beta, dout):
    layer = BatchNorm(gamma, beta)
    layer.forward(x)
    return layer.backward(dout)


def grad_fixed(x, gamma, beta, dout):
    layer = BatchNormFixed(gamma, beta)
    layer.forward(x)
    return layer.backward(dout)


SPEC = dict(numpy=True, wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            sizes={"N": 5, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_norm_02")
CAUSE = "wrong-operand"
FIX = "gamma scales the normalised input, so dgamma = sum over the batch of dout * xhat, not dout * x."
