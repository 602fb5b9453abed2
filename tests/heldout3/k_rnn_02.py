"""One step of an Elman RNN with a linear read-out in torch (no autograd):
h = tanh(x Wx + h0 Wh), y = h Wy, L = sum(dout * y); x (2, 3), h0 (2, 4), Wx (3, 4),
Wh (4, 4), Wy (4, 3), dout (2, 3).
"""

import torch

from verify import derivation


def loss(x, h0, Wx, Wh, Wy, dout):
    return (dout * (torch.tanh(x @ Wx + h0 @ Wh) @ Wy)).sum()


def grad(x, h0, Wx, Wh, Wy, dout):
    h = torch.tanh(x @ Wx + h0 @ Wh)
    dWy = h.T @ dout
    dh = dout @ Wy.T
    dz = dh * (1 - torch.tanh(h) ** 2)  # <- wrong
    dWx = x.T @ dz
    dWh = h0.T @ dz
    return dWx, dWh, dWy


def grad_fixed(x, h0, Wx, Wh, Wy, dout):
    h = torch.tanh(x @ Wx + h0 @ Wh)
    dWy = h.T @ dout
    dh = dout @ Wy.T
    dz = dh * (1 - h ** 2)
    dWx = x.T @ dz
    dWh = h0.T @ dz
    return dWx, dWh, dWy


SPEC = dict(wrt=("Wx", "Wh", "Wy"),
            shapes={"x": (2, 3), "h0": (2, 4), "Wx": (3, 4), "Wh": (4, 4), "Wy": (4, 3),
                    "dout": (2, 3)})
case = derivation(loss, grad, **SPEC, name="k_rnn_02")
CAUSE = "activation-derivative-of-input"
FIX = "h is already tanh of the pre-activation, so the derivative is 1 - h^2, not 1 - tanh(h)^2."
