"""Two unrolled steps of a vanilla RNN in torch (no autograd) with a loss on both hidden states:
h1 = tanh(x1 Wx + h0 Wh), h2 = tanh(x2 Wx + h1 Wh), L = sum(g1 * h1) + sum(g2 * h2);
x1, x2 (N, D) = (3, 2), h0, g1, g2 (3, 4), Wx (2, 4), Wh (4, 4).
"""

import torch

from verify import derivation


def loss(x1, x2, h0, Wx, Wh, g1, g2):
    h1 = torch.tanh(x1 @ Wx + h0 @ Wh)
    h2 = torch.tanh(x2 @ Wx + h1 @ Wh)
    return (g1 * h1).sum() + (g2 * h2).sum()


def grad(x1, x2, h0, Wx, Wh, g1, g2):
    h1 = torch.tanh(x1 @ Wx + h0 @ Wh)
    h2 = torch.tanh(x2 @ Wx + h1 @ Wh)
    dz2 = g2 * (1 - h2 ** 2)
    dh1 = dz2 @ Wh.T  # <- wrong
    dz1 = dh1 * (1 - h1 ** 2)
    dWx = x2.T @ dz2 + x1.T @ dz1
    dWh = h1.T @ dz2 + h0.T @ dz1
    return dWx, dWh


def grad_fixed(x1, x2, h0, Wx, Wh, g1, g2):
    h1 = torch.tanh(x1 @ Wx + h0 @ Wh)
    h2 = torch.tanh(x2 @ Wx + h1 @ Wh)
    dz2 = g2 * (1 - h2 ** 2)
    dh1 = g1 + dz2 @ Wh.T
    dz1 = dh1 * (1 - h1 ** 2)
    dWx = x2.T @ dz2 + x1.T @ dz1
    dWh = h1.T @ dz2 + h0.T @ dz1
    return dWx, dWh


SPEC = dict(wrt=("Wx", "Wh"),
            shapes={"x1": ("N", "D"), "x2": ("N", "D"), "h0": ("N", "H"), "Wx": ("D", "H"),
                    "Wh": ("H", "H"), "g1": ("N", "H"), "g2": ("N", "H")},
            sizes={"N": 3, "D": 2, "H": 4})
case = derivation(loss, grad, **SPEC, name="k_rnn_03")
CAUSE = "missing-term"
FIX = "h1 gets gradient both from its own loss and from step 2: dh1 = g1 + dz2 @ Wh.T."
