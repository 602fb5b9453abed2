"""Two-layer network with sigmoid hidden and output units and a halved squared error, torch:
H = sigma(X W1), Y = sigma(H W2), E = (1/2) sum (Y - T)^2;
X (N, D), W1 (D, H), W2 (H, K), T (N, K) in (0, 1).
"""

import torch

from verify import derivation


def loss(X, W1, W2, T):
    H = torch.sigmoid(X @ W1)
    Y = torch.sigmoid(H @ W2)
    return 0.5 * ((Y - T) ** 2).sum()


def grad(X, W1, W2, T):
    H = torch.sigmoid(X @ W1)
    Y = torch.sigmoid(H @ W2)
    dY = (Y - T) * Y * (1 - Y)
    dW2 = H.T @ dY
    dH = (dY @ W2.T) * Y * (1 - Y)  # <- wrong
    dW1 = X.T @ dH
    return dW1, dW2


def grad_fixed(X, W1, W2, T):
    H = torch.sigmoid(X @ W1)
    Y = torch.sigmoid(H @ W2)
    dY = (Y - T) * Y * (1 - Y)
    dW2 = H.T @ dY
    dH = (dY @ W2.T) * H * (1 - H)
    dW1 = X.T @ dH
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "K"), "T": ("N", "K")},
            draws={"T": "uniform"}, sizes={"N": 4, "D": 3, "H": 2, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlp_04")
CAUSE = "wrong-layer"
FIX = "The hidden delta uses the hidden layer's own derivative H (1 - H), not the output's Y (1 - Y)."
