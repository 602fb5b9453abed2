"""Hidden ReLU layer with inverted dropout (a fixed drop mask passed in), numpy.

h = relu(x W1), hd = h * (1 - drop) / keep, out = hd W2, L = sum(G * out), keep = 0.6;
x (4, 3), W1 (3, 5), W2 (5, 2), drop (4, 5) fixed 0/1 (1 = dropped), G (4, 2).
Gradients with respect to W1 and W2.
Mistake: the backward multiplies by drop (the units that were dropped) instead of the kept
mask 1 - drop.
"""

import numpy as np
import torch

from verify import derivation

KEEP = 0.6
DROP = torch.tensor([[0.0, 1.0, 0.0, 0.0, 1.0],
                     [1.0, 0.0, 0.0, 1.0, 0.0],
                     [0.0, 0.0, 1.0, 0.0, 0.0],
                     [0.0, 1.0, 0.0, 0.0, 1.0]])


def loss(W1, W2, x, drop, G):
    h = torch.relu(x @ W1) * (1 - drop) / KEEP
    return (G * (h @ W2)).sum()


def grad(W1, W2, x, drop, G):
    z = x @ W1
    h = np.maximum(z, 0)
    hd = h * (1 - drop) / KEEP
    dW2 = hd.T @ G
    dhd = G @ W2.T
    dh = dhd * drop / KEEP  # <- wrong
    dz = dh * (z > 0)
    dW1 = x.T @ dz
    return dW1, dW2


def grad_fixed(W1, W2, x, drop, G):
    z = x @ W1
    h = np.maximum(z, 0)
    hd = h * (1 - drop) / KEEP
    dW2 = hd.T @ G
    dhd = G @ W2.T
    dh = dhd * (1 - drop) / KEEP
    dz = dh * (z > 0)
    dW1 = x.T @ dz
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"W1": (3, 5), "W2": (5, 2), "x": (4, 3), "drop": (4, 5), "G": (4, 2)},
            draws={"drop": ("fixed", DROP)})
case = derivation(loss, grad, **SPEC, name="t_dropout_31")
CAUSE = "mask"
FIX = "Only the kept units pass gradient, so dh = dhd * (1 - drop) / keep."
