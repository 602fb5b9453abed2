"""Two affine layers with tanh between, written as textbook numpy layer classes:
h = tanh(x W1 + b1), y = h W2 + b2, L = sum(G * y); x (N, D), W1 (D, D), b1 (D,), W2 (D, D), b2 (D,), G (N, D);
N = 5, D = 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, G):
    h = torch.tanh(x @ W1 + b1)
    return (G * (h @ W2 + b2)).sum()


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W)  # <- wrong


class AffineFixed(Affine):
    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W.T)


def grad(x, W1, b1, W2, b2, G):
    l1, l2 = Affine(W1, b1), Affine(W2, b2)
    h = np.tanh(l1.forward(x))
    l2.forward(h)
    dh = l2.backward(G)
    l1.backward(dh * (1 - h ** 2))
    return l1.dW, l1.db, l2.dW


def grad_fixed(x, W1, b1, W2, b2, G):
    l1, l2 = AffineFixed(W1, b1), AffineFixed(W2, b2)
    h = np.tanh(l1.forward(x))
    l2.forward(h)
    dh = l2.backward(G)
    l1.backward(dh * (1 - h ** 2))
    return l1.dW, l1.db, l2.dW


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"x": ("N", "D"), "W1": ("D", "D"), "b1": ("D",), "W2": ("D", "D"), "b2": ("D",),
                    "G": ("N", "D")},
            sizes={"N": 5, "D": 3})
case = derivation(loss, grad, **SPEC, name="p_affine_16")
CAUSE = "transpose"
FIX = "y = x W + b gives dx = dout W^T: return np.dot(dout, self.W.T)."
