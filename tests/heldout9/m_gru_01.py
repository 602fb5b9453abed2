"""One GRU step, numpy backward: z = sigma(x Wz + h Uz), r = sigma(x Wr + h Ur),
n = tanh(x Wn + (r * h) Un), h_new = (1 - z) n + z h, L = sum(G * h_new);
x (N, D), h (N, H), Wz, Wr, Wn (D, H), Uz, Ur, Un (H, H) with N = 3, D = 4, H = 5.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h, Wz, Uz, Wr, Ur, Wn, Un, G):
    z = torch.sigmoid(x @ Wz + h @ Uz)
    r = torch.sigmoid(x @ Wr + h @ Ur)
    n = torch.tanh(x @ Wn + (r * h) @ Un)
    return (G * ((1 - z) * n + z * h)).sum()


def sigmoid(a):
    return 0.5 * (1 + np.tanh(a / 2))


def grad(x, h, Wz, Uz, Wr, Ur, Wn, Un, G):
    x, h, Wz, Uz, Wr, Ur, Wn, Un, G = (np.asarray(a) for a in (x, h, Wz, Uz, Wr, Ur, Wn, Un, G))
    z = sigmoid(x @ Wz + h @ Uz)
    r = sigmoid(x @ Wr + h @ Ur)
    n = np.tanh(x @ Wn + (r * h) @ Un)
    h_new = (1 - z) * n + z * h
    dn = G * (1 - z)
    dz = G * (h_new - n)  # <- wrong
    dn_pre = dn * (1 - n ** 2)
    dWn = x.T @ dn_pre
    dUn = (r * h).T @ dn_pre
    dr = (dn_pre @ Un.T) * h
    dr_pre = dr * r * (1 - r)
    dWr = x.T @ dr_pre
    dUr = h.T @ dr_pre
    dz_pre = dz * z * (1 - z)
    dWz = x.T @ dz_pre
    dUz = h.T @ dz_pre
    return dWz, dUz, dWr, dUr, dWn, dUn


def grad_fixed(x, h, Wz, Uz, Wr, Ur, Wn, Un, G):
    x, h, Wz, Uz, Wr, Ur, Wn, Un, G = (np.asarray(a) for a in (x, h, Wz, Uz, Wr, Ur, Wn, Un, G))
    z = sigmoid(x @ Wz + h @ Uz)
    r = sigmoid(x @ Wr + h @ Ur)
    n = np.tanh(x @ Wn + (r * h) @ Un)
    h_new = (1 - z) * n + z * h
    dn = G * (1 - z)
    dz = G * (h - n)
    dn_pre = dn * (1 - n ** 2)
    dWn = x.T @ dn_pre
    dUn = (r * h).T @ dn_pre
    dr = (dn_pre @ Un.T) * h
    dr_pre = dr * r * (1 - r)
    dWr = x.T @ dr_pre
    dUr = h.T @ dr_pre
    dz_pre = dz * z * (1 - z)
    dWz = x.T @ dz_pre
    dUz = h.T @ dz_pre
    return dWz, dUz, dWr, dUr, dWn, dUn


SPEC = dict(wrt=("Wz", "Uz", "Wr", "Ur", "Wn", "Un"),
            shapes={"x": ("N", "D"), "h": ("N", "H"), "Wz": ("D", "H"), "Uz": ("H", "H"),
                    "Wr": ("D", "H"), "Ur": ("H", "H"), "Wn": ("D", "H"), "Un": ("H", "H"),
                    "G": ("N", "H")},
            draws={}, sizes={"N": 3, "D": 4, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_gru_01")
CAUSE = "wrong-operand"
FIX = "d h_new / dz = h - n with the previous state h, not the new state h_new."
