"""A temporal softmax loss over a sequence (as in a captioning RNN's output layer):
scores x (N, T, V), labels y (N, T); L = mean over all N*T positions of -log softmax(x)_y.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, y):
    """L = F.cross_entropy over the N*T flattened positions (mean)."""
    N, T, V = x.shape
    return F.cross_entropy(x.reshape(N * T, V), y.reshape(N * T))


def grad(x, y):
    N, T, V = x.shape
    x_flat = x.reshape(N * T, V)
    y_flat = y.reshape(N * T)
    probs = np.exp(x_flat - np.max(x_flat, axis=1, keepdims=True))
    probs /= np.sum(probs, axis=1, keepdims=True)
    dx_flat = probs.copy()
    dx_flat[np.arange(N * T), y_flat] -= 1
    dx_flat /= N  # <- wrong
    return dx_flat.reshape(N, T, V)


def grad_fixed(x, y):
    N, T, V = x.shape
    x_flat = x.reshape(N * T, V)
    y_flat = y.reshape(N * T)
    probs = np.exp(x_flat - np.max(x_flat, axis=1, keepdims=True))
    probs /= np.sum(probs, axis=1, keepdims=True)
    dx_flat = probs.copy()
    dx_flat[np.arange(N * T), y_flat] -= 1
    dx_flat /= N * T
    return dx_flat.reshape(N, T, V)


SPEC = dict(wrt="x", shapes={"x": (3, 4, 5), "y": (3, 4)}, draws={"y": ("labels", 5)})
case = derivation(loss, grad, **SPEC, name="g_softmax_04")
CAUSE = "wrong-divisor"
FIX = "The mean runs over all N*T positions, so divide by N * T, not by the batch size N."
