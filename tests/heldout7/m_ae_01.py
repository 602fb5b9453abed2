"""A one-hidden-layer autoencoder, torch: h = tanh(X W_e + b_e), R = h W_d + b_d,
L = 1/N sum_n ||R_n - X_n||^2 (squared error summed over features, averaged over the batch);
X (N, D), W_e (D, H), b_e (H,), W_d (H, D), b_d (D,) with N = 7, D = 6, H = 3.
"""

import torch

from verify import derivation


def loss(X, W_e, b_e, W_d, b_d):
    R = torch.tanh(X @ W_e + b_e) @ W_d + b_d
    return ((R - X) ** 2).sum(dim=1).mean()


def grad(X, W_e, b_e, W_d, b_d):
    n = X.shape[0]
    h = torch.tanh(X @ W_e + b_e)
    R = h @ W_d + b_d
    dR = (R - X) / n  # <- wrong
    dW_d = h.T @ dR
    db_d = dR.sum(dim=0)
    dh = dR @ W_d.T
    da = dh * (1 - h * h)
    dW_e = X.T @ da
    db_e = da.sum(dim=0)
    return dW_e, db_e, dW_d, db_d


def grad_fixed(X, W_e, b_e, W_d, b_d):
    n = X.shape[0]
    h = torch.tanh(X @ W_e + b_e)
    R = h @ W_d + b_d
    dR = 2 * (R - X) / n
    dW_d = h.T @ dR
    db_d = dR.sum(dim=0)
    dh = dR @ W_d.T
    da = dh * (1 - h * h)
    dW_e = X.T @ da
    db_e = da.sum(dim=0)
    return dW_e, db_e, dW_d, db_d


SPEC = dict(wrt=("W_e", "b_e", "W_d", "b_d"),
            shapes={"X": ("N", "D"), "W_e": ("D", "H"), "b_e": ("H",), "W_d": ("H", "D"),
                    "b_d": ("D",)},
            draws={}, sizes={"N": 7, "D": 6, "H": 3})
case = derivation(loss, grad, **SPEC, name="m_ae_01")
CAUSE = "square-factor"
FIX = "The reconstruction error has no 1/2 in front, so dR = 2 (R - X) / N."
