"""A ReLU layer, inverted dropout (keep probability 0.75, the mask drawn from u), and a linear
output, numpy with a Dropout class, L = F.mse_loss(out, t);
x (6, 4), W1 (4, 9), W2 (9, 3), u (6, 9) uniform in (0, 1), t (6, 3).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation

KEEP = 0.75


class Dropout:
    def __init__(self, p):
        self.p = p

    def forward(self, x, u):
        self.mask = u < self.p
        return x * self.mask / self.p

    def backward(self, dout):
        return dout * self.mask  # <- wrong


class DropoutFixed(Dropout):
    def backward(self, dout):
        return dout * self.mask / self.p


def loss(x, u, t, W1, b1, W2, b2):
    h = torch.relu(x @ W1 + b1) * (u < KEEP) / KEEP
    return F.mse_loss(h @ W2 + b2, t)


def grad(x, u, t, W1, b1, W2, b2):
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0)
    drop = Dropout(KEEP)
    hd = drop.forward(h, u)
    out = hd @ W2 + b2
    dout = 2 * (out - t) / out.size
    dW2 = hd.T @ dout
    db2 = dout.sum(axis=0)
    dh = drop.backward(dout @ W2.T)
    dz1 = dh * (z1 > 0)
    dW1 = x.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(x, u, t, W1, b1, W2, b2):
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0)
    drop = DropoutFixed(KEEP)
    hd = drop.forward(h, u)
    out = hd @ W2 + b2
    dout = 2 * (out - t) / out.size
    dW2 = hd.T @ dout
    db2 = dout.sum(axis=0)
    dh = drop.backward(dout @ W2.T)
    dz1 = dh * (z1 > 0)
    dW1 = x.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": (6, 4), "u": (6, 9), "t": (6, 3), "W1": (4, 9), "b1": (9,),
                    "W2": (9, 3), "b2": (3,)},
            draws={"u": ("uniform", 0.0, 1.0)})
case = derivation(loss, grad, **SPEC, name="m_dropout_01")
CAUSE = "mask"
FIX = "Inverted dropout scales by 1/p in the forward pass, so the backward must too."
