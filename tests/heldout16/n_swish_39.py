"""A one-hidden-layer regressor with swish (beta = 1.7) hidden units, numpy:
Z = X W1, H = Z sigmoid(beta Z), o = H w2, L = 1/(2N) sum_n (o_n - t_n)^2;
X (N, D), W1 (D, H), w2 (H,), t (N,); N = 6, D = 3, H = 5.
"""

import numpy as np
import torch

from verify import derivation

BETA = 1.7


def loss(X, W1, w2, t):
    Z = X @ W1
    H = Z * torch.sigmoid(BETA * Z)
    return 0.5 * ((H @ w2 - t) ** 2).mean()


def grad(X, W1, w2, t):
    N = X.shape[0]
    Z = X @ W1
    s = 1 / (1 + np.exp(-BETA * Z))
    H = Z * s
    do = (H @ w2 - t) / N
    dw2 = H.T @ do
    dH = np.outer(do, w2)
    dswish = s + Z * s * (1 - s)  # <- wrong
    dW1 = X.T @ (dH * dswish)
    return dW1, dw2


def grad_fixed(X, W1, w2, t):
    N = X.shape[0]
    Z = X @ W1
    s = 1 / (1 + np.exp(-BETA * Z))
    H = Z * s
    do = (H @ w2 - t) / N
    dw2 = H.T @ do
    dH = np.outer(do, w2)
    dswish = s + BETA * Z * s * (1 - s)
    dW1 = X.T @ (dH * dswish)
    return dW1, dw2


SPEC = dict(wrt=("W1", "w2"), shapes={"X": ("N", "D"), "W1": ("D", "H"), "w2": ("H",), "t": ("N",)},
            sizes={"N": 6, "D": 3, "H": 5})
case = derivation(loss, grad, **SPEC, name="n_swish_39")
CAUSE = "wrong-coefficient"
FIX = "sigmoid(beta z) differentiates to beta s (1 - s), so swish' = s + BETA * z * s * (1 - s)."
