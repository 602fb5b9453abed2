"""Two-layer network with a sigmoid hidden layer and a softmax output, numpy, one-hot
targets: h = sigma(X W1), p = softmax(h W2), loss = -1/N sum_n sum_c T_nc log p_nc;
X (N, D), W1 (D, H), W2 (H, C), T (N, C) one-hot, N = 6, D = 4, H = 5, C = 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, W2, T):
    h = torch.sigmoid(X @ W1)
    logp = torch.log_softmax(h @ W2, dim=1)
    return -(T * logp).sum() / X.shape[0]


def grad(X, W1, W2, T):
    N = X.shape[0]
    h = 1 / (1 + np.exp(-(X @ W1)))
    s = h @ W2
    e = np.exp(s - s.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    ds = (p - T) / N
    dW2 = h.T @ ds / N  # <- wrong
    dh = ds @ W2.T
    dW1 = X.T @ (dh * h * (1 - h))
    return dW1, dW2


def grad_fixed(X, W1, W2, T):
    N = X.shape[0]
    h = 1 / (1 + np.exp(-(X @ W1)))
    s = h @ W2
    e = np.exp(s - s.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    ds = (p - T) / N
    dW2 = h.T @ ds
    dh = ds @ W2.T
    dW1 = X.T @ (dh * h * (1 - h))
    return dW1, dW2


SPEC = dict(numpy=True, wrt=("W1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "C"), "T": ("N", "C")},
            draws={"T": "onehot"}, sizes={"N": 6, "D": 4, "H": 5, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_mlp_03")
CAUSE = "batch-mean"
FIX = "ds already carries the 1/N of the mean, so dW2 = h^T ds with no second division by N."
