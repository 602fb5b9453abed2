"""Two-layer network, numpy: h = tanh(X W1), y = h W2 (linear output),
E = 1/2 sum (y - t)^2 over the batch; X (N, D), W1 (D, H), W2 (H, K), t (N, K),
N = 4, D = 3, H = 5, K = 2. Gradients of W1 and W2.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, W2, t):
    h = torch.tanh(X @ W1)
    y = h @ W2
    return 0.5 * ((y - t) ** 2).sum()


def grad(X, W1, W2, t):
    h = np.tanh(X @ W1)
    y = h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dz = dh  # <- wrong
    dW1 = X.T @ dz
    return dW1, dW2


def grad_fixed(X, W1, W2, t):
    h = np.tanh(X @ W1)
    y = h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dz = dh * (1 - h ** 2)
    dW1 = X.T @ dz
    return dW1, dW2


SPEC = dict(numpy=True, wrt=("W1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "K"), "t": ("N", "K")},
            sizes={"N": 4, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlp_01")
CAUSE = "activation-derivative-missing"
FIX = "Backpropagating through tanh multiplies by its derivative: dz = dh * (1 - h ** 2)."
