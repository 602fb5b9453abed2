"""An embedding layer class, numpy: out = W[idx] (a row of the table per token),
loss = sum(dout * out); W (V, D), idx (N,) token ids below V, dout (N, D), V = 4, D = 3,
N = 10 (more tokens than rows, so ids repeat). Gradient of W.
"""

import numpy as np

from verify import derivation


class Embedding:
    def __init__(self, W):
        self.W = W

    def forward(self, idx):
        self.idx = idx
        return self.W[idx]

    def backward(self, dout):
        dW = np.zeros_like(self.W)
        dW[self.idx] += dout  # <- wrong
        return dW


class EmbeddingFixed(Embedding):
    def backward(self, dout):
        dW = np.zeros_like(self.W)
        np.add.at(dW, self.idx, dout)
        return dW


def loss(W, idx, dout):
    return (dout * W[idx]).sum()


def grad(W, idx, dout):
    layer = Embedding(W)
    layer.forward(idx)
    return layer.backward(dout)


def grad_fixed(W, idx, dout):
    layer = EmbeddingFixed(W)
    layer.forward(idx)
    return layer.backward(dout)


SPEC = dict(numpy=True, wrt="W", shapes={"W": ("V", "D"), "idx": ("N",), "dout": ("N", "D")},
            draws={"idx": ("labels", "V")}, sizes={"V": 4, "D": 3, "N": 10})
case = derivation(loss, grad, **SPEC, name="m_embed_01")
CAUSE = "missing-term"
FIX = "A row used by several tokens gets the sum of their gradients: np.add.at accumulates, fancy += keeps one."
