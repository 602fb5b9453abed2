"""One GRU step, torch backward:
z = sigma(x Wz + h Uz), r = sigma(x Wr + h Ur), n = tanh(x Wn + (r * h) Un),
h' = (1 - z) n + z h, L = sum(dout * h'); x (N, D), h (N, H), W* (D, H), U* (H, H),
N = 3, D = 4, H = 3.
"""

import torch

from verify import derivation


def loss(x, h, Wz, Uz, Wr, Ur, Wn, Un, dout):
    z = torch.sigmoid(x @ Wz + h @ Uz)
    r = torch.sigmoid(x @ Wr + h @ Ur)
    n = torch.tanh(x @ Wn + (r * h) @ Un)
    return (dout * ((1 - z) * n + z * h)).sum()


def grad(x, h, Wz, Uz, Wr, Ur, Wn, Un, dout):
    zg = torch.sigmoid(x @ Wz + h @ Uz)
    r = torch.sigmoid(x @ Wr + h @ Ur)
    n = torch.tanh(x @ Wn + (r * h) @ Un)
    dn = dout * (1 - zg)
    dzg = dout * (h - n)
    dan = dn * (1 - n ** 2)
    dWn = x.T @ dan
    dUn = h.T @ dan  # <- wrong
    dr = (dan @ Un.T) * h
    dar = dr * r * (1 - r)
    dWr = x.T @ dar
    dUr = h.T @ dar
    daz = dzg * zg * (1 - zg)
    dWz = x.T @ daz
    dUz = h.T @ daz
    return dWz, dUz, dWr, dUr, dWn, dUn


def grad_fixed(x, h, Wz, Uz, Wr, Ur, Wn, Un, dout):
    zg = torch.sigmoid(x @ Wz + h @ Uz)
    r = torch.sigmoid(x @ Wr + h @ Ur)
    n = torch.tanh(x @ Wn + (r * h) @ Un)
    dn = dout * (1 - zg)
    dzg = dout * (h - n)
    dan = dn * (1 - n ** 2)
    dWn = x.T @ dan
    dUn = (r * h).T @ dan
    dr = (dan @ Un.T) * h
    dar = dr * r * (1 - r)
    dWr = x.T @ dar
    dUr = h.T @ dar
    daz = dzg * zg * (1 - zg)
    dWz = x.T @ daz
    dUz = h.T @ daz
    return dWz, dUz, dWr, dUr, dWn, dUn


SPEC = dict(wrt=("Wz", "Uz", "Wr", "Ur", "Wn", "Un"),
            shapes={"x": ("N", "D"), "h": ("N", "H"), "Wz": ("D", "H"), "Uz": ("H", "H"),
                    "Wr": ("D", "H"), "Ur": ("H", "H"), "Wn": ("D", "H"), "Un": ("H", "H"),
                    "dout": ("N", "H")},
            draws={}, sizes={"N": 3, "D": 4, "H": 3})
case = derivation(loss, grad, **SPEC, name="m_gru_01")
CAUSE = "wrong-operand"
FIX = "Un multiplies the reset state r * h, so dUn = (r * h).T @ dan."
