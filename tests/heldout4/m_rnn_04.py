"""One RNN step where the input and the state have the same width, torch:
h = tanh(x Wx + h_prev Wh + b), loss = sum(dh * h); x (N, H), h_prev (N, H), Wx (H, H),
Wh (H, H), b (H,), dh (N, H), N = 3, H = 4. Gradients of Wx, Wh, b.
"""

import torch

from verify import derivation


def loss(x, h_prev, Wx, Wh, b, dh):
    return (dh * torch.tanh(x @ Wx + h_prev @ Wh + b)).sum()


def grad(x, h_prev, Wx, Wh, b, dh):
    h = torch.tanh(x @ Wx + h_prev @ Wh + b)
    dpre = dh * (1 - h ** 2)
    dWx = h_prev.T @ dpre  # <- wrong
    dWh = h_prev.T @ dpre
    return dWx, dWh, dpre.sum(dim=0)


def grad_fixed(x, h_prev, Wx, Wh, b, dh):
    h = torch.tanh(x @ Wx + h_prev @ Wh + b)
    dpre = dh * (1 - h ** 2)
    dWx = x.T @ dpre
    dWh = h_prev.T @ dpre
    return dWx, dWh, dpre.sum(dim=0)


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"x": ("N", "H"), "h_prev": ("N", "H"), "Wx": ("H", "H"), "Wh": ("H", "H"),
                    "b": ("H",), "dh": ("N", "H")},
            sizes={"N": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="m_rnn_04")
CAUSE = "wrong-operand"
FIX = "Wx multiplies the input, so dWx = x^T dpre; h_prev^T dpre is Wh's gradient."
