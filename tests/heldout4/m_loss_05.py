"""Linear regression with several outputs and a summed squared error, torch:
pred = X W, loss = F.mse_loss(pred, Y, reduction="sum") = sum (pred - Y)^2; X (N, D),
W (D, K), Y (N, K), N = 6, D = 3, K = 2. Gradient of W.
"""

import torch.nn.functional as F

from verify import derivation


def loss(X, W, Y):
    return F.mse_loss(X @ W, Y, reduction="sum")


def grad(X, W, Y):
    pred = X @ W
    dpred = 2 * (pred - Y) / pred.numel()  # <- wrong
    return X.T @ dpred


def grad_fixed(X, W, Y):
    pred = X @ W
    dpred = 2 * (pred - Y)
    return X.T @ dpred


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "W": ("D", "K"), "Y": ("N", "K")},
            sizes={"N": 6, "D": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_loss_05")
CAUSE = "mse-convention"
FIX = "With reduction='sum' there is no mean: dpred = 2 (pred - Y), without the 1 / numel of the default reduction."
