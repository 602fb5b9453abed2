"""A linear layer followed by a row-wise softmax, numpy, L = sum(G * softmax(x W));
x (6, 5), W (5, 4), G (6, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W, G):
    return (G * torch.softmax(x @ W, dim=1)).sum()


def grad(x, W, G):
    s = x.dot(W)
    y = np.exp(s - s.max(axis=1, keepdims=True))
    y /= y.sum(axis=1, keepdims=True)
    ds = y * (G - np.sum(G * y, axis=0, keepdims=True))  # <- wrong
    dW = x.T.dot(ds)
    dx = ds.dot(W.T)
    return dx, dW


def grad_fixed(x, W, G):
    s = x.dot(W)
    y = np.exp(s - s.max(axis=1, keepdims=True))
    y /= y.sum(axis=1, keepdims=True)
    ds = y * (G - np.sum(G * y, axis=1, keepdims=True))
    dW = x.T.dot(ds)
    dx = ds.dot(W.T)
    return dx, dW


SPEC = dict(wrt=("x", "W"), shapes={"x": (6, 5), "W": (5, 4), "G": (6, 4)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_softmax_01")
CAUSE = "reduction-axis"
FIX = "The softmax normalises each row, so the Jacobian's inner sum runs over axis 1."
