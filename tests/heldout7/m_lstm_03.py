"""One LSTM step with a weight matrix per gate acting on the concatenation z = [h, x], numpy
(Colah's layout): f = sigma(z Wf), i = sigma(z Wi), g = tanh(z Wc), o = sigma(z Wo), c' = f c + i g,
h' = o tanh(c'), checked through L = sum(G * h'); h (3, 4), x (3, 2), c (3, 4), Wf/Wi/Wc/Wo (6, 4),
G (3, 4): a batch of 3, 2 inputs, 4 hidden units, no biases.
"""

import numpy as np
import torch

from verify import derivation


def loss(h, x, c, Wf, Wi, Wc, Wo, G):
    z = torch.cat([h, x], dim=1)
    c2 = torch.sigmoid(z @ Wf) * c + torch.sigmoid(z @ Wi) * torch.tanh(z @ Wc)
    return (G * torch.sigmoid(z @ Wo) * torch.tanh(c2)).sum()


def grad(h, x, c, Wf, Wi, Wc, Wo, G):
    z = np.concatenate([h, x], axis=1)
    f = 1 / (1 + np.exp(-z @ Wf))
    i = 1 / (1 + np.exp(-z @ Wi))
    g = np.tanh(z @ Wc)
    o = 1 / (1 + np.exp(-z @ Wo))
    c2 = f * c + i * g
    tc = np.tanh(c2)
    dc2 = G * o * (1 - tc ** 2)
    dWo = z.T @ (G * tc * o * (1 - o))
    dWf = z.T @ (dc2 * c * f * (1 - f))
    dWi = z.T @ (dc2 * g * i * (1 - i))
    dWc = z.T @ (dc2 * i * (1 - g ** 2))
    return dWi, dWf, dWc, dWo  # <- wrong


def grad_fixed(h, x, c, Wf, Wi, Wc, Wo, G):
    z = np.concatenate([h, x], axis=1)
    f = 1 / (1 + np.exp(-z @ Wf))
    i = 1 / (1 + np.exp(-z @ Wi))
    g = np.tanh(z @ Wc)
    o = 1 / (1 + np.exp(-z @ Wo))
    c2 = f * c + i * g
    tc = np.tanh(c2)
    dc2 = G * o * (1 - tc ** 2)
    dWo = z.T @ (G * tc * o * (1 - o))
    dWf = z.T @ (dc2 * c * f * (1 - f))
    dWi = z.T @ (dc2 * g * i * (1 - i))
    dWc = z.T @ (dc2 * i * (1 - g ** 2))
    return dWf, dWi, dWc, dWo


SPEC = dict(wrt=("Wf", "Wi", "Wc", "Wo"),
            shapes={"h": (3, 4), "x": (3, 2), "c": (3, 4), "Wf": (6, 4), "Wi": (6, 4),
                    "Wc": (6, 4), "Wo": (6, 4), "G": (3, 4)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_lstm_03")
CAUSE = "return-order"
FIX = "The gradients must come back in the order of wrt, (Wf, Wi, Wc, Wo): dWf first, then dWi."
