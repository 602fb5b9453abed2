"""A one-hidden-layer autoencoder with tanh code units, torch:
h = tanh(x W1 + b1), r = h W2 + b2, L = 1/2 sum_{n,i} (r_ni - x_ni)^2;
x (4, 5), W1 (5, 3), b1 (3,), W2 (3, 5), b2 (5,).
"""

import torch

from verify import derivation


def loss(x, W1, b1, W2, b2):
    r = torch.tanh(x @ W1 + b1) @ W2 + b2
    return 0.5 * ((r - x) ** 2).sum()


def grad(x, W1, b1, W2, b2):
    h = torch.tanh(x @ W1 + b1)
    r = h @ W2 + b2
    dL_dr = (r - x) * 2.0  # <- wrong
    dW2 = h.T @ dL_dr
    db2 = dL_dr.sum(dim=0)
    dh = dL_dr @ W2.T
    dpre = dh * (1 - h * h)
    dW1 = x.T @ dpre
    db1 = dpre.sum(dim=0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2):
    h = torch.tanh(x @ W1 + b1)
    r = h @ W2 + b2
    dL_dr = r - x
    dW2 = h.T @ dL_dr
    db2 = dL_dr.sum(dim=0)
    dh = dL_dr @ W2.T
    dpre = dh * (1 - h * h)
    dW1 = x.T @ dpre
    db1 = dpre.sum(dim=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": (4, 5), "W1": (5, 3), "b1": (3,), "W2": (3, 5), "b2": (5,)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_autoenc_01")
CAUSE = "square-factor"
FIX = "The reconstruction error carries a 1/2, so dL/dr = r - x with no factor 2."
