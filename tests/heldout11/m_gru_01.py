"""One GRU step in PyTorch's convention, numpy:
r = sigma(x Wr + h Ur), z = sigma(x Wz + h Uz), n = tanh(x Wn + r * (h Un)),
h' = (1 - z) * n + z * h, L = sum(dout * h');
x (3, 4), h (3, 5), Wr, Wz, Wn (4, 5), Ur, Uz, Un (5, 5), dout (3, 5).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h, Wr, Wz, Wn, Ur, Uz, Un, dout):
    r = torch.sigmoid(x @ Wr + h @ Ur)
    z = torch.sigmoid(x @ Wz + h @ Uz)
    n = torch.tanh(x @ Wn + r * (h @ Un))
    return (dout * ((1 - z) * n + z * h)).sum()


def sig(a):
    return 1 / (1 + np.exp(-a))


def grad(x, h, Wr, Wz, Wn, Ur, Uz, Un, dout):
    r = sig(x @ Wr + h @ Ur)
    z = sig(x @ Wz + h @ Uz)
    hu = h @ Un
    n = np.tanh(x @ Wn + r * hu)
    dn = dout * (1 - z)
    dz = dout * (h - n)
    dh = dout * (1 - z)  # <- wrong
    dan = dn * (1 - n ** 2)
    dr = dan * hu
    daz = dz * z * (1 - z)
    dar = dr * r * (1 - r)
    dh = dh + (dan * r) @ Un.T + daz @ Uz.T + dar @ Ur.T
    return dh, x.T @ daz, x.T @ dan


def grad_fixed(x, h, Wr, Wz, Wn, Ur, Uz, Un, dout):
    r = sig(x @ Wr + h @ Ur)
    z = sig(x @ Wz + h @ Uz)
    hu = h @ Un
    n = np.tanh(x @ Wn + r * hu)
    dn = dout * (1 - z)
    dz = dout * (h - n)
    dh = dout * z
    dan = dn * (1 - n ** 2)
    dr = dan * hu
    daz = dz * z * (1 - z)
    dar = dr * r * (1 - r)
    dh = dh + (dan * r) @ Un.T + daz @ Uz.T + dar @ Ur.T
    return dh, x.T @ daz, x.T @ dan


SPEC = dict(wrt=("h", "Wz", "Wn"),
            shapes={"x": (3, 4), "h": (3, 5), "Wr": (4, 5), "Wz": (4, 5), "Wn": (4, 5),
                    "Ur": (5, 5), "Uz": (5, 5), "Un": (5, 5), "dout": (3, 5)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_gru_01")
CAUSE = "wrong-operand"
FIX = "In PyTorch's GRU the previous state is kept with weight z, so its direct gradient is dout * z."
