"""One GRU step with the reset gate applied before the recurrent product, torch:
r = sigma(x Wr + h Ur), z = sigma(x Wz + h Uz), n = tanh(x Wn + (r * h) Un),
h' = (1 - z) * h + z * n, L = sum(dout * h');
x (3, 4), h (3, 4), Wr, Wz, Wn (4, 4), Ur, Uz, Un (4, 4), dout (3, 4); asked: (dL/dh, dL/dx).
"""

import torch

from verify import derivation


def loss(x, h, Wr, Wz, Wn, Ur, Uz, Un, dout):
    r = torch.sigmoid(x @ Wr + h @ Ur)
    z = torch.sigmoid(x @ Wz + h @ Uz)
    n = torch.tanh(x @ Wn + (r * h) @ Un)
    return (dout * ((1 - z) * h + z * n)).sum()


def grad(x, h, Wr, Wz, Wn, Ur, Uz, Un, dout):
    r = torch.sigmoid(x @ Wr + h @ Ur)
    z = torch.sigmoid(x @ Wz + h @ Uz)
    n = torch.tanh(x @ Wn + (r * h) @ Un)
    dn = dout * z
    dz = dout * (n - h)
    dan = dn * (1 - n * n)
    drh = dan @ Un.T
    daz = dz * z * (1 - z)
    dar = drh * h * r * (1 - r)
    dh = dout * (1 - z) + drh * r + daz @ Uz.T + dar @ Ur.T
    dx = dan @ Wn.T + daz @ Wz.T + dar @ Wr.T
    return dx, dh  # <- wrong


def grad_fixed(x, h, Wr, Wz, Wn, Ur, Uz, Un, dout):
    r = torch.sigmoid(x @ Wr + h @ Ur)
    z = torch.sigmoid(x @ Wz + h @ Uz)
    n = torch.tanh(x @ Wn + (r * h) @ Un)
    dn = dout * z
    dz = dout * (n - h)
    dan = dn * (1 - n * n)
    drh = dan @ Un.T
    daz = dz * z * (1 - z)
    dar = drh * h * r * (1 - r)
    dh = dout * (1 - z) + drh * r + daz @ Uz.T + dar @ Ur.T
    dx = dan @ Wn.T + daz @ Wz.T + dar @ Wr.T
    return dh, dx


SPEC = dict(wrt=("h", "x"),
            shapes={"x": (3, 4), "h": (3, 4), "Wr": (4, 4), "Wz": (4, 4), "Wn": (4, 4),
                    "Ur": (4, 4), "Uz": (4, 4), "Un": (4, 4), "dout": (3, 4)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_gru_02")
CAUSE = "return-order"
FIX = "wrt is (h, x), so the step returns dh first and dx second."
