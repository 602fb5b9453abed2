"""One GRU step in PyTorch's gate convention, torch flat function, gradients of the input
matrices: r = sigma(x Wr + h Ur), z = sigma(x Wz + h Uz), n = tanh(x Wn + r * (h Un)),
h_new = (1 - z) * n + z * h; loss = sum(dh * h_new); x (4, 6), h_prev (4, 5),
Wz, Wr, Wn (6, 5), Uz, Ur, Un (5, 5), dh (4, 5).
"""

import torch

from verify import derivation


def loss(x, h_prev, Wz, Wr, Wn, Uz, Ur, Un, dh):
    r = torch.sigmoid(x @ Wr + h_prev @ Ur)
    z = torch.sigmoid(x @ Wz + h_prev @ Uz)
    n = torch.tanh(x @ Wn + r * (h_prev @ Un))
    return (dh * ((1 - z) * n + z * h_prev)).sum()


def grad(x, h_prev, Wz, Wr, Wn, Uz, Ur, Un, dh):
    hu = h_prev @ Un
    r = torch.sigmoid(x @ Wr + h_prev @ Ur)
    z = torch.sigmoid(x @ Wz + h_prev @ Uz)
    n = torch.tanh(x @ Wn + r * hu)
    dan = dh * (1 - z) * (1 - n ** 2)
    dar = dan * hu * r * (1 - r)
    daz = dh * (h_prev - n) * z * (1 - z)
    dWr = x.T @ dar
    dWz = x.T @ daz
    dWn = x.T @ dan
    return dWr, dWz, dWn  # <- wrong


def grad_fixed(x, h_prev, Wz, Wr, Wn, Uz, Ur, Un, dh):
    hu = h_prev @ Un
    r = torch.sigmoid(x @ Wr + h_prev @ Ur)
    z = torch.sigmoid(x @ Wz + h_prev @ Uz)
    n = torch.tanh(x @ Wn + r * hu)
    dan = dh * (1 - z) * (1 - n ** 2)
    dar = dan * hu * r * (1 - r)
    daz = dh * (h_prev - n) * z * (1 - z)
    dWr = x.T @ dar
    dWz = x.T @ daz
    dWn = x.T @ dan
    return dWz, dWr, dWn


SPEC = dict(wrt=("Wz", "Wr", "Wn"),
            shapes={"x": (4, 6), "h_prev": (4, 5), "Wz": (6, 5), "Wr": (6, 5), "Wn": (6, 5),
                    "Uz": (5, 5), "Ur": (5, 5), "Un": (5, 5), "dh": (4, 5)})
case = derivation(loss, grad, **SPEC, name="m_gru_03")
CAUSE = "return-order"
FIX = "wrt is (Wz, Wr, Wn), so return dWz, dWr, dWn, not the order they were computed in."
