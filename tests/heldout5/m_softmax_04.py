"""A softmax layer on its own (not fused with a loss), numpy class with a cache:
out = softmax(x) over each row, backward(dout) = out * (dout - sum_j dout_j out_j);
loss = sum(dout * out); x (6, 9), dout (6, 9).
"""

import numpy as np
import torch

from verify import derivation


class Softmax:
    def forward(self, x):
        e = np.exp(x - np.max(x, axis=1, keepdims=True))
        self.out = e / np.sum(e, axis=1, keepdims=True)
        return self.out

    def backward(self, dout):
        inner = np.sum(dout * self.out, axis=0, keepdims=True)  # <- wrong
        dx = self.out * (dout - inner)
        return dx


class SoftmaxFixed(Softmax):
    def backward(self, dout):
        inner = np.sum(dout * self.out, axis=1, keepdims=True)
        dx = self.out * (dout - inner)
        return dx


def loss(x, dout):
    return (dout * torch.softmax(x, dim=1)).sum()


def grad(x, dout):
    layer = Softmax()
    layer.forward(x)
    return layer.backward(dout)


def grad_fixed(x, dout):
    layer = SoftmaxFixed()
    layer.forward(x)
    return layer.backward(dout)


SPEC = dict(numpy=True, wrt="x", shapes={"x": (6, 9), "dout": (6, 9)})
case = derivation(loss, grad, **SPEC, name="m_softmax_04")
CAUSE = "reduction-axis"
FIX = "Each row is its own softmax, so the inner product sum(dout * out) is taken along axis 1."
