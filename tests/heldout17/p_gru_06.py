"""One GRU step (PyTorch's convention), numpy:
r = sigmoid(x Wr + h Ur), z = sigmoid(x Wz + h Uz), n = tanh(x Wn + r * (h Un)), h' = (1 - z) n + z h,
L = sum(G * h'); x (3, 4), h (3, 2), Wr, Wz, Wn (4, 2), Ur, Uz, Un (2, 2), G (3, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h, Wr, Wz, Wn, Ur, Uz, Un, G):
    r = torch.sigmoid(x @ Wr + h @ Ur)
    z = torch.sigmoid(x @ Wz + h @ Uz)
    n = torch.tanh(x @ Wn + r * (h @ Un))
    return (G * ((1 - z) * n + z * h)).sum()


def sig(a):
    return 1.0 / (1.0 + np.exp(-a))


def grad(x, h, Wr, Wz, Wn, Ur, Uz, Un, G):
    r = sig(x @ Wr + h @ Ur)
    z = sig(x @ Wz + h @ Uz)
    hn = h @ Un
    n = np.tanh(x @ Wn + r * hn)
    dn = G * (1 - z)
    dz = G * (n - h)  # <- wrong
    da_n = dn * (1 - n ** 2)
    da_z = dz * z * (1 - z)
    da_r = da_n * hn * r * (1 - r)
    return x.T @ da_r, x.T @ da_z, x.T @ da_n


def grad_fixed(x, h, Wr, Wz, Wn, Ur, Uz, Un, G):
    r = sig(x @ Wr + h @ Ur)
    z = sig(x @ Wz + h @ Uz)
    hn = h @ Un
    n = np.tanh(x @ Wn + r * hn)
    dn = G * (1 - z)
    dz = G * (h - n)
    da_n = dn * (1 - n ** 2)
    da_z = dz * z * (1 - z)
    da_r = da_n * hn * r * (1 - r)
    return x.T @ da_r, x.T @ da_z, x.T @ da_n


SPEC = dict(wrt=("Wr", "Wz", "Wn"),
            shapes={"x": (3, 4), "h": (3, 2), "Wr": (4, 2), "Wz": (4, 2), "Wn": (4, 2),
                    "Ur": (2, 2), "Uz": (2, 2), "Un": (2, 2), "G": (3, 2)})
case = derivation(loss, grad, **SPEC, name="p_gru_06")
CAUSE = "sign"
FIX = "h' = (1 - z) n + z h, so dh'/dz = h - n and dz = G * (h - n)."
