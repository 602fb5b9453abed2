"""A deep net of leaky ReLU layers in numpy, slope ALPHA = 0.2 below zero:
h_l = leaky(h_{l-1} W_l), L = sum(dout * h_L); x (4, 3), W1, W2, W3 (3, 3), dout (4, 3).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

ALPHA = 0.2


def loss(x, W1, W2, W3, dout):
    h = x
    for W in (W1, W2, W3):
        h = F.leaky_relu(h @ W, ALPHA)
    return (dout * h).sum()


def grad(x, W1, W2, W3, dout):
    Ws, hs, zs = [W1, W2, W3], [x], []
    for W in Ws:
        zs.append(hs[-1] @ W)
        hs.append(np.where(zs[-1] > 0, zs[-1], ALPHA * zs[-1]))
    grads, d = [None] * 3, dout
    for i in (2, 1, 0):
        d = d * np.where(zs[i] > 0, 1.0, 0.01)  # <- wrong
        grads[i] = hs[i].T @ d
        d = d @ Ws[i].T
    return tuple(grads)


def grad_fixed(x, W1, W2, W3, dout):
    Ws, hs, zs = [W1, W2, W3], [x], []
    for W in Ws:
        zs.append(hs[-1] @ W)
        hs.append(np.where(zs[-1] > 0, zs[-1], ALPHA * zs[-1]))
    grads, d = [None] * 3, dout
    for i in (2, 1, 0):
        d = d * np.where(zs[i] > 0, 1.0, ALPHA)
        grads[i] = hs[i].T @ d
        d = d @ Ws[i].T
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3"), numpy=True,
            shapes={"x": (4, 3), "W1": (3, 3), "W2": (3, 3), "W3": (3, 3), "dout": (4, 3)})
case = derivation(loss, grad, **SPEC, name="m_deep_22")
CAUSE = "wrong-coefficient"
FIX = "The slope below zero is ALPHA = 0.2, the loss's own, not 0.01."
