"""Inverted dropout with its mask given as a fixed input (keep probability 0.8), numpy:
out = x * mask / 0.8, loss = sum(dout * out); x (4, 5), mask (4, 5) of 0/1, dout (4, 5).
"""

import numpy as np

from verify import derivation

P_KEEP = 0.8
MASK = (np.arange(20).reshape(4, 5) % 5 != 2).astype(float)


def loss(x, mask, dout):
    return (dout * x * mask / P_KEEP).sum()


def dropout_backward(dout, mask):
    dx = dout * mask  # <- wrong
    return dx


def dropout_backward_fixed(dout, mask):
    dx = dout * mask / P_KEEP
    return dx


def grad(x, mask, dout):
    return dropout_backward(dout, mask)


def grad_fixed(x, mask, dout):
    return dropout_backward_fixed(dout, mask)


SPEC = dict(numpy=True, wrt="x", shapes={"x": (4, 5), "dout": (4, 5)}, draws={"mask": MASK})
case = derivation(loss, grad, **SPEC, name="m_dropout_01")
CAUSE = "wrong-coefficient"
FIX = "Inverted dropout scales the kept units by 1 / p_keep in the forward pass, so the backward does too."
