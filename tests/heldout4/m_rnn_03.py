"""An RNN cell class with a forward cache, numpy: h = tanh(x Wx + h_prev Wh),
loss = sum(dh * h); x (N, D), h_prev (N, H), Wx (D, H), Wh (H, H), dh (N, H),
N = 4, D = 2, H = 3. Gradients of Wx and Wh.
"""

import numpy as np
import torch

from verify import derivation


class RNNCell:
    def __init__(self, Wx, Wh):
        self.Wx, self.Wh = Wx, Wh

    def forward(self, x, h_prev):
        self.x, self.h_prev = x, h_prev
        self.h = np.tanh(x @ self.Wx + h_prev @ self.Wh)
        return self.h

    def backward(self, dh):
        dpre = dh  # <- wrong
        self.dWx = self.x.T @ dpre
        self.dWh = self.h_prev.T @ dpre
        return dpre @ self.Wh.T


class RNNCellFixed(RNNCell):
    def backward(self, dh):
        dpre = dh * (1 - self.h ** 2)
        self.dWx = self.x.T @ dpre
        self.dWh = self.h_prev.T @ dpre
        return dpre @ self.Wh.T


def loss(x, h_prev, Wx, Wh, dh):
    return (dh * torch.tanh(x @ Wx + h_prev @ Wh)).sum()


def grad(x, h_prev, Wx, Wh, dh):
    cell = RNNCell(Wx, Wh)
    cell.forward(x, h_prev)
    cell.backward(dh)
    return cell.dWx, cell.dWh


def grad_fixed(x, h_prev, Wx, Wh, dh):
    cell = RNNCellFixed(Wx, Wh)
    cell.forward(x, h_prev)
    cell.backward(dh)
    return cell.dWx, cell.dWh


SPEC = dict(wrt=("Wx", "Wh"), numpy=True,
            shapes={"x": ("N", "D"), "h_prev": ("N", "H"), "Wx": ("D", "H"), "Wh": ("H", "H"),
                    "dh": ("N", "H")},
            sizes={"N": 4, "D": 2, "H": 3})
case = derivation(loss, grad, **SPEC, name="m_rnn_03")
CAUSE = "activation-derivative-missing"
FIX = "The gradient reaching the pre-activation is dh * (1 - h^2): the tanh's derivative was left out."
