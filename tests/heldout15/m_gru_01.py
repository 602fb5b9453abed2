"""One step of a GRU cell, torch (PyTorch's gate convention):
r = sigma(x Wr + h Ur), z = sigma(x Wz + h Uz), n = tanh(x Wn + r * (h Un)),
h' = (1 - z) * n + z * h, L = sum(dout * h');
x (N, D), h (N, H), W* (D, H), U* (H, H), dout (N, H).
"""

import torch

from verify import derivation


def loss(x, h, Wr, Wz, Wn, Ur, Uz, Un, dout):
    r = torch.sigmoid(x @ Wr + h @ Ur)
    z = torch.sigmoid(x @ Wz + h @ Uz)
    n = torch.tanh(x @ Wn + r * (h @ Un))
    return (dout * ((1 - z) * n + z * h)).sum()


def grad(x, h, Wr, Wz, Wn, Ur, Uz, Un, dout):
    r = torch.sigmoid(x @ Wr + h @ Ur)
    z = torch.sigmoid(x @ Wz + h @ Uz)
    hU = h @ Un
    n = torch.tanh(x @ Wn + r * hU)
    dn = dout * (1 - z)
    dz = dout * (h - n)
    dan = dn  # <- wrong
    dr = dan * hU
    daz = dz * z * (1 - z)
    dar = dr * r * (1 - r)
    dWr, dUr = x.T @ dar, h.T @ dar
    dWz, dUz = x.T @ daz, h.T @ daz
    dWn, dUn = x.T @ dan, h.T @ (dan * r)
    return dWr, dWz, dWn, dUr, dUz, dUn


def grad_fixed(x, h, Wr, Wz, Wn, Ur, Uz, Un, dout):
    r = torch.sigmoid(x @ Wr + h @ Ur)
    z = torch.sigmoid(x @ Wz + h @ Uz)
    hU = h @ Un
    n = torch.tanh(x @ Wn + r * hU)
    dn = dout * (1 - z)
    dz = dout * (h - n)
    dan = dn * (1 - n ** 2)
    dr = dan * hU
    daz = dz * z * (1 - z)
    dar = dr * r * (1 - r)
    dWr, dUr = x.T @ dar, h.T @ dar
    dWz, dUz = x.T @ daz, h.T @ daz
    dWn, dUn = x.T @ dan, h.T @ (dan * r)
    return dWr, dWz, dWn, dUr, dUz, dUn


SPEC = dict(wrt=("Wr", "Wz", "Wn", "Ur", "Uz", "Un"),
            shapes={"x": ("N", "D"), "h": ("N", "H"), "Wr": ("D", "H"), "Wz": ("D", "H"),
                    "Wn": ("D", "H"), "Ur": ("H", "H"), "Uz": ("H", "H"), "Un": ("H", "H"),
                    "dout": ("N", "H")},
            draws={}, sizes={"N": 3, "D": 4, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_gru_01")
CAUSE = "activation-derivative-missing"
FIX = "The candidate passes through tanh, so dan = dn * (1 - n^2)."
