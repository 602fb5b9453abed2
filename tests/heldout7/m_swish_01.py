"""A swish (SiLU) hidden layer without biases and a linear output, torch:
z = X W1, h = z sigma(z), out = h W2, L = 1/(2N) sum (out - Y)^2;
X (N, D), W1 (D, H), W2 (H, K), Y (N, K) with N = 5, D = 3, H = 6, K = 2.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W1, W2, Y):
    out = F.silu(X @ W1) @ W2
    return ((out - Y) ** 2).sum() / (2 * X.shape[0])


def grad(X, W1, W2, Y):
    z = X @ W1
    s = torch.sigmoid(z)
    h = z * s
    dswish = s * (1 + z * (1 - s))
    dout = (h @ W2 - Y) / X.shape[0]
    dW2 = h.T @ dout
    dh = dout @ W2.T
    dW1 = X.T @ dh  # <- wrong
    return dW1, dW2


def grad_fixed(X, W1, W2, Y):
    z = X @ W1
    s = torch.sigmoid(z)
    h = z * s
    dswish = s * (1 + z * (1 - s))
    dout = (h @ W2 - Y) / X.shape[0]
    dW2 = h.T @ dout
    dh = dout @ W2.T
    dW1 = X.T @ (dh * dswish)
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "K"), "Y": ("N", "K")},
            draws={}, sizes={"N": 5, "D": 3, "H": 6, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_swish_01")
CAUSE = "activation-derivative-missing"
FIX = "The swish's derivative must multiply the hidden error before W1: dW1 = X^T (dh * swish'(z))."
