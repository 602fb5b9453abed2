"""One GRU step (PyTorch's gate convention, no biases), numpy:
z = sigma(x Wz + h Uz), r = sigma(x Wr + h Ur), n = tanh(x Wn + (r * h) Un), h' = (1 - z) n + z h,
checked through L = sum(dh * h') with a fixed upstream dh;
x (N, D), h (N, H), Wz/Wr/Wn (D, H), Uz/Ur/Un (H, H), dh (N, H) with N = 5, D = 3, H = 4.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h, Wz, Uz, Wr, Ur, Wn, Un, dh):
    z = torch.sigmoid(x @ Wz + h @ Uz)
    r = torch.sigmoid(x @ Wr + h @ Ur)
    n = torch.tanh(x @ Wn + (r * h) @ Un)
    return (dh * ((1 - z) * n + z * h)).sum()


def _sigm(v):
    return 1.0 / (1.0 + np.exp(-v))


def grad(x, h, Wz, Uz, Wr, Ur, Wn, Un, dh):
    z = _sigm(x @ Wz + h @ Uz)
    r = _sigm(x @ Wr + h @ Ur)
    rh = r * h
    n = np.tanh(x @ Wn + rh @ Un)
    dn = dh * (1.0 - z)
    dz = dh * (n - h)  # <- wrong
    da_n = dn * (1.0 - n ** 2)
    da_z = dz * z * (1.0 - z)
    drh = da_n @ Un.T
    da_r = drh * h * r * (1.0 - r)
    dWz, dUz = x.T @ da_z, h.T @ da_z
    dWr, dUr = x.T @ da_r, h.T @ da_r
    dWn, dUn = x.T @ da_n, rh.T @ da_n
    dh_prev = dh * z + drh * r + da_z @ Uz.T + da_r @ Ur.T
    return dWz, dUz, dWr, dUr, dWn, dUn, dh_prev


def grad_fixed(x, h, Wz, Uz, Wr, Ur, Wn, Un, dh):
    z = _sigm(x @ Wz + h @ Uz)
    r = _sigm(x @ Wr + h @ Ur)
    rh = r * h
    n = np.tanh(x @ Wn + rh @ Un)
    dn = dh * (1.0 - z)
    dz = dh * (h - n)
    da_n = dn * (1.0 - n ** 2)
    da_z = dz * z * (1.0 - z)
    drh = da_n @ Un.T
    da_r = drh * h * r * (1.0 - r)
    dWz, dUz = x.T @ da_z, h.T @ da_z
    dWr, dUr = x.T @ da_r, h.T @ da_r
    dWn, dUn = x.T @ da_n, rh.T @ da_n
    dh_prev = dh * z + drh * r + da_z @ Uz.T + da_r @ Ur.T
    return dWz, dUz, dWr, dUr, dWn, dUn, dh_prev


SPEC = dict(wrt=("Wz", "Uz", "Wr", "Ur", "Wn", "Un", "h"),
            shapes={"x": ("N", "D"), "h": ("N", "H"), "Wz": ("D", "H"), "Uz": ("H", "H"),
                    "Wr": ("D", "H"), "Ur": ("H", "H"), "Wn": ("D", "H"), "Un": ("H", "H"),
                    "dh": ("N", "H")},
            draws={}, sizes={"N": 5, "D": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="m_gru_01")
CAUSE = "sign"
FIX = "h' = (1 - z) n + z h gives dh'/dz = h - n, so dz = dh * (h - n)."
