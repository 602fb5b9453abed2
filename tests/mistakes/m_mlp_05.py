"""Two-layer MLP classifier: sigmoid hidden layer, softmax output, mean cross-entropy:
E = -1/N sum_n sum_c t_nc log p_nc, p = softmax(sigma(x W1 + b1) W2 + b2);
x (N, D), W1 (D, H), b1 (H,), W2 (H, C), b2 (C,), t (N, C) one-hot.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, t):
    """E = -1/N sum_n sum_c t_nc log softmax(s)_nc with s = sigma(x W1 + b1) W2 + b2."""
    s = torch.sigmoid(x @ W1 + b1) @ W2 + b2
    return -(t * torch.log_softmax(s, dim=1)).sum() / x.shape[0]


def grad(x, W1, b1, W2, b2, t):
    h = 1 / (1 + np.exp(-(np.dot(x, W1) + b1)))
    s = np.dot(h, W2) + b2
    e = np.exp(s - s.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    ds = (p - t) / t.shape[1]  # <- wrong
    dW2 = np.dot(h.T, ds)
    db2 = ds.sum(axis=0)
    dz1 = np.dot(ds, W2.T) * h * (1 - h)
    dW1 = np.dot(x.T, dz1)
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, t):
    h = 1 / (1 + np.exp(-(np.dot(x, W1) + b1)))
    s = np.dot(h, W2) + b2
    e = np.exp(s - s.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    ds = (p - t) / len(t)
    dW2 = np.dot(h.T, ds)
    db2 = ds.sum(axis=0)
    dz1 = np.dot(ds, W2.T) * h * (1 - h)
    dW1 = np.dot(x.T, dz1)
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "C"), "b2": ("C",),
            "t": ("N", "C")},
            draws={"t": "onehot"}, sizes={"N": 4, "D": 3, "H": 5, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_mlp_05")
CAUSE = "wrong-divisor"
FIX = "The cross-entropy averages over the N examples: divide p - t by N, not by the C classes."
