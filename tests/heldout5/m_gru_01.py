"""One GRU-style step in numpy: z = sigma(x Wz + h Uz), r = sigma(x Wr + h Ur),
h~ = tanh(x Wh + (r * h) Uh), h_new = (1 - z) * h + z * h~; loss = sum(dh * h_new);
x (5, 4), h_prev (5, 6), Wz, Wr, Wh (4, 6), Uz, Ur, Uh (6, 6), dh (5, 6).
"""

import numpy as np
import torch

from verify import derivation


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def loss(x, h_prev, Wz, Uz, Wr, Ur, Wh, Uh, dh):
    z = torch.sigmoid(x @ Wz + h_prev @ Uz)
    r = torch.sigmoid(x @ Wr + h_prev @ Ur)
    hh = torch.tanh(x @ Wh + (r * h_prev) @ Uh)
    return (dh * ((1 - z) * h_prev + z * hh)).sum()


def grad(x, h_prev, Wz, Uz, Wr, Ur, Wh, Uh, dh):
    az = x @ Wz + h_prev @ Uz
    ar = x @ Wr + h_prev @ Ur
    z = sigmoid(az)
    r = sigmoid(ar)
    hh = np.tanh(x @ Wh + (r * h_prev) @ Uh)
    dhh = dh * z
    dz = dh * (hh - h_prev)
    dah = dhh * (1 - hh ** 2)
    daz = dz * az * (1 - az)  # <- wrong
    dr = (dah @ Uh.T) * h_prev
    dar = dr * r * (1 - r)
    dWz = x.T @ daz
    dWr = x.T @ dar
    dWh = x.T @ dah
    return dWz, dWr, dWh


def grad_fixed(x, h_prev, Wz, Uz, Wr, Ur, Wh, Uh, dh):
    az = x @ Wz + h_prev @ Uz
    ar = x @ Wr + h_prev @ Ur
    z = sigmoid(az)
    r = sigmoid(ar)
    hh = np.tanh(x @ Wh + (r * h_prev) @ Uh)
    dhh = dh * z
    dz = dh * (hh - h_prev)
    dah = dhh * (1 - hh ** 2)
    daz = dz * z * (1 - z)
    dr = (dah @ Uh.T) * h_prev
    dar = dr * r * (1 - r)
    dWz = x.T @ daz
    dWr = x.T @ dar
    dWh = x.T @ dah
    return dWz, dWr, dWh


SPEC = dict(numpy=True, wrt=("Wz", "Wr", "Wh"),
            shapes={"x": (5, 4), "h_prev": (5, 6), "Wz": (4, 6), "Uz": (6, 6), "Wr": (4, 6),
                    "Ur": (6, 6), "Wh": (4, 6), "Uh": (6, 6), "dh": (5, 6)})
case = derivation(loss, grad, **SPEC, name="m_gru_01")
CAUSE = "activation-derivative-of-input"
FIX = "The update gate's sigmoid derivative is z (1 - z) of the gate value, not az (1 - az)."
