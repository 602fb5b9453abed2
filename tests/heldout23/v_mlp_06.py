"""Two-layer tanh network without biases and the halved squared error:
h = tanh(X W1), out = h W2, L = 1/2 sum (out - Y)^2;
X (N, D), W1 (D, H), W2 (H, K), Y (N, K); N = 4, D = 3, H = 3, K = 3.
"""

import torch

from verify import derivation


def loss(X, W1, W2, Y):
    return 0.5 * ((torch.tanh(X @ W1) @ W2 - Y) ** 2).sum()


def grad(X, W1, W2, Y):
    h = torch.tanh(X @ W1)
    out = h @ W2
    dout = out - Y
    dW2 = h.T @ dout
    dh = dout @ W2.T
    dW1 = X.T @ (dh * (1 - h ** 2))
    return dW2, dW1  # <- wrong


def grad_fixed(X, W1, W2, Y):
    h = torch.tanh(X @ W1)
    out = h @ W2
    dout = out - Y
    dW2 = h.T @ dout
    dh = dout @ W2.T
    dW1 = X.T @ (dh * (1 - h ** 2))
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"X": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "K"), "Y": ("N", "K")},
            draws={}, sizes={"N": 4, "D": 3, "H": 3, "K": 3})
case = derivation(loss, grad, **SPEC, name="v_mlp_06")
CAUSE = "return-order"
FIX = "The gradients are returned in the order of wrt, (W1, W2)."
