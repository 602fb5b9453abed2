"""Elman RNN cell class unrolled for 2 steps, torch, the cell accumulates its own gradients.

h_t = tanh(x_t Wx + h_{t-1} Wh), L = sum(G * h_2); xs (2, 2, 3), h0 (2, 3), Wx (3, 3),
Wh (3, 3), G (2, 3).  Gradients with respect to (Wx, Wh).
Mistake: the gradients come back as (dWh, dWx), the reverse of wrt; input and hidden
sizes are both 3, so the shapes match.
"""

import torch

from verify import derivation


def loss(Wx, Wh, xs, h0, G):
    h = h0
    for t in range(xs.shape[0]):
        h = torch.tanh(xs[t] @ Wx + h @ Wh)
    return (G * h).sum()


class RNNCell:
    def __init__(self, Wx, Wh):
        self.Wx, self.Wh = Wx, Wh
        self.dWx, self.dWh = torch.zeros_like(Wx), torch.zeros_like(Wh)
        self.steps = []

    def forward(self, x, h):
        h_new = torch.tanh(x @ self.Wx + h @ self.Wh)
        self.steps.append((x, h, h_new))
        return h_new

    def backward(self, dh):
        x, h, h_new = self.steps.pop()
        dz = dh * (1 - h_new ** 2)
        self.dWx = self.dWx + x.T @ dz
        self.dWh = self.dWh + h.T @ dz
        return dz @ self.Wh.T


def grad(Wx, Wh, xs, h0, G):
    cell = RNNCell(Wx, Wh)
    h = h0
    for t in range(xs.shape[0]):
        h = cell.forward(xs[t], h)
    dh = G
    for _ in range(xs.shape[0]):
        dh = cell.backward(dh)
    return cell.dWh, cell.dWx  # <- wrong


def grad_fixed(Wx, Wh, xs, h0, G):
    cell = RNNCell(Wx, Wh)
    h = h0
    for t in range(xs.shape[0]):
        h = cell.forward(xs[t], h)
    dh = G
    for _ in range(xs.shape[0]):
        dh = cell.backward(dh)
    return cell.dWx, cell.dWh


SPEC = dict(wrt=("Wx", "Wh"),
            shapes={"Wx": (3, 3), "Wh": (3, 3), "xs": (2, 2, 3), "h0": (2, 3), "G": (2, 3)})
case = derivation(loss, grad, **SPEC, name="t_rnn_44")
CAUSE = "return-order"
FIX = "wrt is (Wx, Wh), so the gradients are returned as cell.dWx, cell.dWh."
