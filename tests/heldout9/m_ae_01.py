"""An undercomplete autoencoder with a tanh code, torch: h = tanh(X We), Xhat = h Wd,
L = 1/2 sum((Xhat - X)^2) (the textbook's sum-of-squares error);
X (N, D), We (D, H), Wd (H, D) with N = 8, D = 6, H = 3.
"""

import torch

from verify import derivation


def loss(X, We, Wd):
    Xhat = torch.tanh(X @ We) @ Wd
    return 0.5 * ((Xhat - X) ** 2).sum()


def grad(X, We, Wd):
    h = torch.tanh(X @ We)
    Xhat = h @ Wd
    dXhat = 2 * (Xhat - X) / X.numel()  # <- wrong
    dWd = h.T @ dXhat
    dh = dXhat @ Wd.T
    dWe = X.T @ (dh * (1 - h ** 2))
    return dWe, dWd


def grad_fixed(X, We, Wd):
    h = torch.tanh(X @ We)
    Xhat = h @ Wd
    dXhat = Xhat - X
    dWd = h.T @ dXhat
    dh = dXhat @ Wd.T
    dWe = X.T @ (dh * (1 - h ** 2))
    return dWe, dWd


SPEC = dict(wrt=("We", "Wd"), shapes={"X": ("N", "D"), "We": ("D", "H"), "Wd": ("H", "D")},
            draws={}, sizes={"N": 8, "D": 6, "H": 3})
case = derivation(loss, grad, **SPEC, name="m_ae_01")
CAUSE = "mse-convention"
FIX = "This loss is 1/2 of a sum, not a mean, so dXhat = Xhat - X with no 2 and no division."
