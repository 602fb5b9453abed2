"""One GRU-style step, torch flat function, gradients for the recurrent matrices:
z = sigma(x Wz + h Uz), r = sigma(x Wr + h Ur), h~ = tanh(x Wh + (r * h) Uh),
h_new = (1 - z) * h + z * h~; loss = sum(dh * h_new); x (4, 3), h_prev (4, 5),
Wz, Wr, Wh (3, 5), Uz, Ur, Uh (5, 5), dh (4, 5).
"""

import torch

from verify import derivation


def loss(x, h_prev, Wz, Uz, Wr, Ur, Wh, Uh, dh):
    z = torch.sigmoid(x @ Wz + h_prev @ Uz)
    r = torch.sigmoid(x @ Wr + h_prev @ Ur)
    hh = torch.tanh(x @ Wh + (r * h_prev) @ Uh)
    return (dh * ((1 - z) * h_prev + z * hh)).sum()


def grad(x, h_prev, Wz, Uz, Wr, Ur, Wh, Uh, dh):
    z = torch.sigmoid(x @ Wz + h_prev @ Uz)
    r = torch.sigmoid(x @ Wr + h_prev @ Ur)
    rh = r * h_prev
    hh = torch.tanh(x @ Wh + rh @ Uh)
    daz = dh * (hh - h_prev) * z * (1 - z)
    dah = dh * z * (1 - hh ** 2)
    dUh = h_prev.T @ dah  # <- wrong
    drh = dah @ Uh.T
    dar = drh * h_prev * r * (1 - r)
    dUz = h_prev.T @ daz
    dUr = h_prev.T @ dar
    return dUz, dUr, dUh


def grad_fixed(x, h_prev, Wz, Uz, Wr, Ur, Wh, Uh, dh):
    z = torch.sigmoid(x @ Wz + h_prev @ Uz)
    r = torch.sigmoid(x @ Wr + h_prev @ Ur)
    rh = r * h_prev
    hh = torch.tanh(x @ Wh + rh @ Uh)
    daz = dh * (hh - h_prev) * z * (1 - z)
    dah = dh * z * (1 - hh ** 2)
    dUh = rh.T @ dah
    drh = dah @ Uh.T
    dar = drh * h_prev * r * (1 - r)
    dUz = h_prev.T @ daz
    dUr = h_prev.T @ dar
    return dUz, dUr, dUh


SPEC = dict(wrt=("Uz", "Ur", "Uh"),
            shapes={"x": (4, 3), "h_prev": (4, 5), "Wz": (3, 5), "Uz": (5, 5), "Wr": (3, 5),
                    "Ur": (5, 5), "Wh": (3, 5), "Uh": (5, 5), "dh": (4, 5)})
case = derivation(loss, grad, **SPEC, name="m_gru_02")
CAUSE = "wrong-operand"
FIX = "Uh multiplies the reset-gated state r * h_prev, so dUh = (r * h_prev)^T dah."
