"""A sigmoid autoencoder trained with F.mse_loss, torch: h = sigma(X We + be),
Xhat = h Wd + bd, L = mse_loss(Xhat, X);
X (N, D), We (D, H), be (H,), Wd (H, D), bd (D,) with N = 10, D = 6, H = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, We, be, Wd, bd):
    Xhat = torch.sigmoid(X @ We + be) @ Wd + bd
    return F.mse_loss(Xhat, X)


def grad(X, We, be, Wd, bd):
    h = torch.sigmoid(X @ We + be)
    Xhat = h @ Wd + bd
    dXhat = 2 * (Xhat - X) / X.numel()
    dWd = h.T @ dXhat
    dbd = dXhat.sum(0)
    dh = dXhat @ Wd.T
    dz = dh * h * (1 - h)
    dWe = Xhat.T @ dz  # <- wrong
    dbe = dz.sum(0)
    return dWe, dbe, dWd, dbd


def grad_fixed(X, We, be, Wd, bd):
    h = torch.sigmoid(X @ We + be)
    Xhat = h @ Wd + bd
    dXhat = 2 * (Xhat - X) / X.numel()
    dWd = h.T @ dXhat
    dbd = dXhat.sum(0)
    dh = dXhat @ Wd.T
    dz = dh * h * (1 - h)
    dWe = X.T @ dz
    dbe = dz.sum(0)
    return dWe, dbe, dWd, dbd


SPEC = dict(wrt=("We", "be", "Wd", "bd"),
            shapes={"X": ("N", "D"), "We": ("D", "H"), "be": ("H",), "Wd": ("H", "D"),
                    "bd": ("D",)},
            draws={}, sizes={"N": 10, "D": 6, "H": 3})
case = derivation(loss, grad, **SPEC, name="m_ae_02")
CAUSE = "wrong-layer"
FIX = "The encoder's input is X, so dWe = X.T @ dz; Xhat is the decoder's output."
