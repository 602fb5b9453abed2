"""A one-hidden-layer ReLU regressor with biases, torch tensor math:
Z = X W1 + b1, H = relu(Z), o = H w2, L = 1/(2N) sum_n (o_n - y_n)^2;
X (N, D), W1 (D, H), b1 (H,), w2 (H,), y (N,); N = 6, D = 3, H = 4.
"""

import torch

from verify import derivation


def loss(X, W1, b1, w2, y):
    o = torch.relu(X @ W1 + b1) @ w2
    return ((o - y) ** 2).mean() / 2


def grad(X, W1, b1, w2, y):
    N = X.shape[0]
    Z = X @ W1 + b1
    H = torch.relu(Z)
    do = (H @ w2 - y) / N
    dw2 = H.T @ do
    dZ = do[:, None] * w2[None, :] * (Z > 0)
    dW1 = X.T @ dZ
    db1 = dZ.sum(dim=1)  # <- wrong
    return dW1, db1, dw2


def grad_fixed(X, W1, b1, w2, y):
    N = X.shape[0]
    Z = X @ W1 + b1
    H = torch.relu(Z)
    do = (H @ w2 - y) / N
    dw2 = H.T @ do
    dZ = do[:, None] * w2[None, :] * (Z > 0)
    dW1 = X.T @ dZ
    db1 = dZ.sum(dim=0)
    return dW1, db1, dw2


SPEC = dict(wrt=("W1", "b1", "w2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "w2": ("H",), "y": ("N",)},
            sizes={"N": 6, "D": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="n_bias_29")
CAUSE = "reduction-axis"
FIX = "The bias is broadcast over the batch, so its gradient sums dZ over the examples: db1 = dZ.sum(dim=0)."
