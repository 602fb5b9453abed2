"""A three-layer sigmoid network in numpy, forward as a loop over layers, row-major batches:
a_l = sigma(a_{l-1} W_l), L = 1/2 sum (a_3 - y)^2;
x (5, 3), W1 (3, 4), W2 (4, 4), W3 (4, 2), y (5, 2) in (0, 1).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, W2, W3, y):
    a = x
    for W in (W1, W2, W3):
        a = torch.sigmoid(a @ W)
    return 0.5 * ((a - y) ** 2).sum()


def grad(x, W1, W2, W3, y):
    acts = [x]
    for W in (W1, W2, W3):
        acts.append(1.0 / (1.0 + np.exp(-(acts[-1] @ W))))
    delta = (acts[3] - y) * acts[3] * (1 - acts[3])
    dW3 = acts[2].T @ delta
    delta = (delta @ W3.T) * acts[2] * (1 - acts[2])
    dW2 = acts[1].T @ delta
    delta = (delta @ W2) * acts[1] * (1 - acts[1])  # <- wrong
    dW1 = acts[0].T @ delta
    return dW1, dW2, dW3


def grad_fixed(x, W1, W2, W3, y):
    acts = [x]
    for W in (W1, W2, W3):
        acts.append(1.0 / (1.0 + np.exp(-(acts[-1] @ W))))
    delta = (acts[3] - y) * acts[3] * (1 - acts[3])
    dW3 = acts[2].T @ delta
    delta = (delta @ W3.T) * acts[2] * (1 - acts[2])
    dW2 = acts[1].T @ delta
    delta = (delta @ W2.T) * acts[1] * (1 - acts[1])
    dW1 = acts[0].T @ delta
    return dW1, dW2, dW3


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": (5, 3), "W1": (3, 4), "W2": (4, 4), "W3": (4, 2), "y": (5, 2)},
            draws={"y": "uniform"})
case = derivation(loss, grad, **SPEC, name="k_deep_01")
CAUSE = "transpose"
FIX = "Back through a row-major layer the delta is multiplied by W2.T, not W2."
