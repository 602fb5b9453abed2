"""A three-layer ReLU network with a linear output, column notation (examples as columns):
Z_l = W_l A_{l-1}, A_0 = X, A_l = relu(Z_l) for l < 3, A_3 = Z_3, L = 1/(2N) ||A_3 - Y||^2;
X (H, N), W1, W2, W3 (H, H), Y (H, N); H = 3, N = 4.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, W2, W3, Y):
    A = torch.relu(W2 @ torch.relu(W1 @ X))
    return 0.5 * ((W3 @ A - Y) ** 2).sum() / X.shape[1]


def grad(X, W1, W2, W3, Y):
    Ws = [W1, W2, W3]
    N = X.shape[1]
    A = [X]
    Z = []
    for l, W in enumerate(Ws):
        Z.append(W @ A[-1])
        A.append(np.maximum(Z[-1], 0) if l < len(Ws) - 1 else Z[-1])
    delta = (A[-1] - Y) / N
    dW = [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        dW[l] = delta @ A[l + 1].T  # <- wrong
        if l > 0:
            delta = (Ws[l].T @ delta) * (Z[l - 1] > 0)
    return tuple(dW)


def grad_fixed(X, W1, W2, W3, Y):
    Ws = [W1, W2, W3]
    N = X.shape[1]
    A = [X]
    Z = []
    for l, W in enumerate(Ws):
        Z.append(W @ A[-1])
        A.append(np.maximum(Z[-1], 0) if l < len(Ws) - 1 else Z[-1])
    delta = (A[-1] - Y) / N
    dW = [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        dW[l] = delta @ A[l].T
        if l > 0:
            delta = (Ws[l].T @ delta) * (Z[l - 1] > 0)
    return tuple(dW)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": ("H", "N"), "W1": ("H", "H"), "W2": ("H", "H"), "W3": ("H", "H"),
                    "Y": ("H", "N")},
            draws={}, sizes={"H": 3, "N": 4})
case = derivation(loss, grad, **SPEC, name="v_deepmlp_02")
CAUSE = "wrong-layer"
FIX = "dW_l = delta_l A_{l-1}^T uses the activation that feeds layer l, which is A[l] in this list."
