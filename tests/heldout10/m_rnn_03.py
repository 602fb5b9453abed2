"""Two steps of a tanh RNN unrolled (backprop through time), numpy backward:
h1 = tanh(x1 Wx + h0 Wh), h2 = tanh(x2 Wx + h1 Wh), L = sum(g * h2);
x1, x2 (N, D), h0 (N, H), Wx (D, H), Wh (H, H), g (N, H) with N = 3, D = 4, H = 5.
"""

import numpy as np
import torch

from verify import derivation


def loss(x1, x2, h0, Wx, Wh, g):
    h1 = torch.tanh(x1 @ Wx + h0 @ Wh)
    return (g * torch.tanh(x2 @ Wx + h1 @ Wh)).sum()


def grad(x1, x2, h0, Wx, Wh, g):
    x1, x2, h0, Wx, Wh, g = map(np.asarray, (x1, x2, h0, Wx, Wh, g))
    h1 = np.tanh(x1 @ Wx + h0 @ Wh)
    h2 = np.tanh(x2 @ Wx + h1 @ Wh)
    dz2 = g * (1 - h2 ** 2)
    dWx = x2.T @ dz2
    dWh = h1.T @ dz2
    dh1 = dz2 @ Wh.T
    dz1 = dh1 * (1 - h1 ** 2)
    dWx += x1.T @ dz1
    dWh += h1.T @ dz1  # <- wrong
    return dWx, dWh


def grad_fixed(x1, x2, h0, Wx, Wh, g):
    x1, x2, h0, Wx, Wh, g = map(np.asarray, (x1, x2, h0, Wx, Wh, g))
    h1 = np.tanh(x1 @ Wx + h0 @ Wh)
    h2 = np.tanh(x2 @ Wx + h1 @ Wh)
    dz2 = g * (1 - h2 ** 2)
    dWx = x2.T @ dz2
    dWh = h1.T @ dz2
    dh1 = dz2 @ Wh.T
    dz1 = dh1 * (1 - h1 ** 2)
    dWx += x1.T @ dz1
    dWh += h0.T @ dz1
    return dWx, dWh


SPEC = dict(wrt=("Wx", "Wh"),
            shapes={"x1": ("N", "D"), "x2": ("N", "D"), "h0": ("N", "H"), "Wx": ("D", "H"),
                    "Wh": ("H", "H"), "g": ("N", "H")},
            draws={}, sizes={"N": 3, "D": 4, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_rnn_03")
CAUSE = "wrong-layer"
FIX = "At step 1 Wh multiplies the previous state h0, so that step adds h0.T @ dz1."
