"""A d2l-style one-hidden-layer regression MLP in torch with the 1/2 sum-of-squares loss:
L = 1/2 sum (H W2 + b2 - Y)^2, H = sigmoid(X W1 + b1); X (6, 3), W1 (3, 5), W2 (5, 2), Y (6, 2).
"""

import torch

from verify import derivation


def loss(X, W1, b1, W2, b2, Y):
    """L = 1/2 sum over all entries of (Yhat - Y)^2."""
    H = torch.sigmoid(X @ W1 + b1)
    Y_hat = H @ W2 + b2
    return 0.5 * ((Y_hat - Y) ** 2).sum()


def grad(X, W1, b1, W2, b2, Y):
    H = torch.sigmoid(X @ W1 + b1)
    Y_hat = H @ W2 + b2
    dY_hat = 2 * (Y_hat - Y) / Y.numel()  # <- wrong
    dW2 = H.T @ dY_hat
    db2 = dY_hat.sum(dim=0)
    dH = dY_hat @ W2.T
    dZ = dH * H * (1 - H)
    dW1 = X.T @ dZ
    db1 = dZ.sum(dim=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, W1, b1, W2, b2, Y):
    H = torch.sigmoid(X @ W1 + b1)
    Y_hat = H @ W2 + b2
    dY_hat = Y_hat - Y
    dW2 = H.T @ dY_hat
    db2 = dY_hat.sum(dim=0)
    dH = dY_hat @ W2.T
    dZ = dH * H * (1 - H)
    dW1 = X.T @ dZ
    db1 = dZ.sum(dim=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": (6, 3), "W1": (3, 5), "b1": (5,), "W2": (5, 2), "b2": (2,),
                    "Y": (6, 2)})
case = derivation(loss, grad, **SPEC, name="g_mlp_04")
CAUSE = "mse-convention"
FIX = "For 1/2 sum of squares dL/dYhat = Yhat - Y; 2 (Yhat - Y) / numel belongs to mse_loss."
