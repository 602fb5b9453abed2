"""The SoftmaxWithLoss layer of a from-scratch numpy book: softmax over the classes followed by
cross-entropy with one-hot targets, averaged over the batch; x (N, C) = (4, 5) scores,
t (4, 5) one-hot rows; L = -1/N sum t log softmax(x).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


class SoftmaxWithLoss:
    def forward(self, x, t):
        self.t = t
        x = x - x.max(axis=1, keepdims=True)
        self.y = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
        return -np.sum(t * np.log(self.y + 1e-7)) / x.shape[0]

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        dx = self.y - self.t  # <- wrong
        return dx * dout


class SoftmaxWithLossFixed(SoftmaxWithLoss):
    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        dx = (self.y - self.t) / batch_size
        return dx * dout


def loss(x, t):
    return -(t * F.log_softmax(x, dim=1)).sum(dim=1).mean()


def grad(x, t):
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    return layer.backward()


def grad_fixed(x, t):
    layer = SoftmaxWithLossFixed()
    layer.forward(x, t)
    return layer.backward()


SPEC = dict(wrt="x", shapes={"x": (4, 5), "t": (4, 5)}, draws={"t": "onehot"})
case = derivation(loss, grad, **SPEC, name="k_softmax_01")
CAUSE = "batch-mean"
FIX = "The forward pass divides the loss by the batch size, so backward returns (y - t) / batch_size."
