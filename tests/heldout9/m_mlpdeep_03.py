"""A three-layer sigmoid network (no biases) trained with the sum-of-squares error, torch,
delta recursion: a1 = sigma(X W1), a2 = sigma(a1 W2), a3 = sigma(a2 W3), E = 1/2 ||a3 - T||^2;
X (N, D), W1 (D, H), W2 (H, H), W3 (H, K), T (N, K) with N = 5, D = 4, H = 6, K = 2.
"""

import torch

from verify import derivation


def loss(X, T, W1, W2, W3):
    a3 = torch.sigmoid(torch.sigmoid(torch.sigmoid(X @ W1) @ W2) @ W3)
    return 0.5 * ((a3 - T) ** 2).sum()


def grad(X, T, W1, W2, W3):
    a1 = torch.sigmoid(X @ W1)
    a2 = torch.sigmoid(a1 @ W2)
    a3 = torch.sigmoid(a2 @ W3)
    delta3 = (a3 - T) * a3 * (1 - a3)
    grad_W3 = a2.T @ delta3
    delta2 = (delta3 @ W3.T) * a2 * (1 - a2)
    grad_W2 = a2.T @ delta2  # <- wrong
    delta1 = (delta2 @ W2.T) * a1 * (1 - a1)
    grad_W1 = X.T @ delta1
    return grad_W1, grad_W2, grad_W3


def grad_fixed(X, T, W1, W2, W3):
    a1 = torch.sigmoid(X @ W1)
    a2 = torch.sigmoid(a1 @ W2)
    a3 = torch.sigmoid(a2 @ W3)
    delta3 = (a3 - T) * a3 * (1 - a3)
    grad_W3 = a2.T @ delta3
    delta2 = (delta3 @ W3.T) * a2 * (1 - a2)
    grad_W2 = a1.T @ delta2
    delta1 = (delta2 @ W2.T) * a1 * (1 - a1)
    grad_W1 = X.T @ delta1
    return grad_W1, grad_W2, grad_W3


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": ("N", "D"), "T": ("N", "K"), "W1": ("D", "H"), "W2": ("H", "H"),
                    "W3": ("H", "K")},
            draws={"T": "uniform"}, sizes={"N": 5, "D": 4, "H": 6, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlpdeep_03")
CAUSE = "wrong-layer"
FIX = "W2 maps a1 to layer 2, so its gradient is the layer's input times its delta: grad_W2 = a1.T @ delta2."
