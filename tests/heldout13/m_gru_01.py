"""One GRU step under an upstream gradient, torch:
z = sigma(x Wz + h Uz), r = sigma(x Wr + h Ur), n = tanh(x Wn + r * (h Un)),
h' = (1 - z) n + z h, L = sum(G * h'); x (N, D), h (N, H), W* (D, H), U* (H, H), G (N, H)
with N = 2, D = 3, H = 3.
"""

import torch

from verify import derivation


def loss(x, h, Wz, Uz, Wr, Ur, Wn, Un, G):
    z = torch.sigmoid(x @ Wz + h @ Uz)
    r = torch.sigmoid(x @ Wr + h @ Ur)
    n = torch.tanh(x @ Wn + r * (h @ Un))
    return (G * ((1 - z) * n + z * h)).sum()


def grad(x, h, Wz, Uz, Wr, Ur, Wn, Un, G):
    z = torch.sigmoid(x @ Wz + h @ Uz)
    r = torch.sigmoid(x @ Wr + h @ Ur)
    hn = h @ Un
    n = torch.tanh(x @ Wn + r * hn)
    dn = G * (1 - z)
    dz = G * (h - n)
    dan = dn * (1 - n)  # <- wrong
    daz = dz * z * (1 - z)
    dWz = x.T @ daz
    dWn = x.T @ dan
    dUn = h.T @ (dan * r)
    return dWz, dWn, dUn


def grad_fixed(x, h, Wz, Uz, Wr, Ur, Wn, Un, G):
    z = torch.sigmoid(x @ Wz + h @ Uz)
    r = torch.sigmoid(x @ Wr + h @ Ur)
    hn = h @ Un
    n = torch.tanh(x @ Wn + r * hn)
    dn = G * (1 - z)
    dz = G * (h - n)
    dan = dn * (1 - n ** 2)
    daz = dz * z * (1 - z)
    dWz = x.T @ daz
    dWn = x.T @ dan
    dUn = h.T @ (dan * r)
    return dWz, dWn, dUn


SPEC = dict(wrt=("Wz", "Wn", "Un"),
            shapes={"x": ("N", "D"), "h": ("N", "H"), "Wz": ("D", "H"), "Uz": ("H", "H"),
                    "Wr": ("D", "H"), "Ur": ("H", "H"), "Wn": ("D", "H"), "Un": ("H", "H"),
                    "G": ("N", "H")},
            draws={}, sizes={"N": 2, "D": 3, "H": 3})
case = derivation(loss, grad, **SPEC, name="m_gru_01")
CAUSE = "activation-derivative-of-input"
FIX = "tanh' at the candidate is 1 - n^2, not 1 - n."
