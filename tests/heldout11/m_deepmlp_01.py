"""A three-layer tanh network with a linear output, delta recursion over a list of layers, numpy:
a0 = x, a_l = tanh(a_{l-1} W_l) for l = 1, 2, y = a2 W3, E = 1/2 sum_{n,k} (y_nk - t_nk)^2;
x (5, 3), W1 (3, 4), W2 (4, 4), W3 (4, 2), t (5, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, W2, W3, t):
    y = torch.tanh(torch.tanh(x @ W1) @ W2) @ W3
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W1, W2, W3, t):
    Ws = [W1, W2, W3]
    acts = [x]
    for W in Ws[:-1]:
        acts.append(np.tanh(acts[-1] @ W))
    y = acts[-1] @ Ws[-1]
    delta = 2 * (y - t) / y.size  # <- wrong
    grads = []
    for layer in range(len(Ws) - 1, -1, -1):
        grads.append(acts[layer].T @ delta)
        if layer > 0:
            delta = (delta @ Ws[layer].T) * (1 - acts[layer] ** 2)
    return tuple(reversed(grads))


def grad_fixed(x, W1, W2, W3, t):
    Ws = [W1, W2, W3]
    acts = [x]
    for W in Ws[:-1]:
        acts.append(np.tanh(acts[-1] @ W))
    y = acts[-1] @ Ws[-1]
    delta = y - t
    grads = []
    for layer in range(len(Ws) - 1, -1, -1):
        grads.append(acts[layer].T @ delta)
        if layer > 0:
            delta = (delta @ Ws[layer].T) * (1 - acts[layer] ** 2)
    return tuple(reversed(grads))


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": (5, 3), "W1": (3, 4), "W2": (4, 4), "W3": (4, 2), "t": (5, 2)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_01")
CAUSE = "mse-convention"
FIX = "E is half the sum of squares, so the output delta is y - t, not mse_loss's 2 (y - t) / y.size."
