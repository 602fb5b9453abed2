"""A leaky-ReLU network (slope 0.01) in numpy: h = leaky_relu(x W1 + b1), out = h W2 + b2,
L = 1/2 mean (out - T)^2 over all elements; x (11, 5), W1 (5, 6), W2 (6, 3), T (11, 3).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, T, W1, b1, W2, b2):
    out = F.leaky_relu(x @ W1 + b1, negative_slope=0.01) @ W2 + b2
    return 0.5 * ((out - T) ** 2).mean()


def grad(x, T, W1, b1, W2, b2):
    z1 = x @ W1 + b1
    h = np.where(z1 > 0, z1, 0.01 * z1)
    out = h @ W2 + b2
    dout = (out - T) / out.size
    dW2 = h.T @ dout
    db2 = dout.sum(axis=0)
    dh = dout @ W2.T
    dz1 = dh * np.where(z1 > 0, 1.0, 0.1)  # <- wrong
    dW1 = x.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(x, T, W1, b1, W2, b2):
    z1 = x @ W1 + b1
    h = np.where(z1 > 0, z1, 0.01 * z1)
    out = h @ W2 + b2
    dout = (out - T) / out.size
    dW2 = h.T @ dout
    db2 = dout.sum(axis=0)
    dh = dout @ W2.T
    dz1 = dh * np.where(z1 > 0, 1.0, 0.01)
    dW1 = x.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": (11, 5), "T": (11, 3), "W1": (5, 6), "b1": (6,), "W2": (6, 3),
                    "b2": (3,)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_act_02")
CAUSE = "wrong-coefficient"
FIX = "The leaky ReLU's slope for z1 <= 0 is 0.01, in the backward as in the forward."
