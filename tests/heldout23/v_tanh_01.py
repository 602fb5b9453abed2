"""Two-layer tanh regression network with the halved squared error:
z1 = X W1 + b1, h = tanh(z1), Y = h W2, L = 1/2 sum (Y - T)^2;
X (N, D), W1 (D, H), b1 (H,), W2 (H, K), T (N, K); N = 4, D = 4, H = 3, K = 2.
"""

import torch

from verify import derivation


def loss(X, W1, b1, W2, T):
    Y = torch.tanh(X @ W1 + b1) @ W2
    return 0.5 * ((Y - T) ** 2).sum()


def grad(X, W1, b1, W2, T):
    z1 = X @ W1 + b1
    h = torch.tanh(z1)
    Y = h @ W2
    dY = Y - T
    dW2 = h.T @ dY
    dh = dY @ W2.T
    dz1 = dh * (1 - z1 ** 2)  # <- wrong
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2


def grad_fixed(X, W1, b1, W2, T):
    z1 = X @ W1 + b1
    h = torch.tanh(z1)
    Y = h @ W2
    dY = Y - T
    dW2 = h.T @ dY
    dh = dY @ W2.T
    dz1 = dh * (1 - h ** 2)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"), "T": ("N", "K")},
            draws={}, sizes={"N": 4, "D": 4, "H": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="v_tanh_01")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(z) = 1 - tanh(z)^2 = 1 - h^2, taken at the activation h, not at z."
