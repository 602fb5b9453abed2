"""A 1-1-1 network fitted to a batch of scalars, written as a Python loop:
h_n = tanh(w1 x_n + b1), o_n = w2 h_n + b2, L = 1/2 sum_n (o_n - t_n)^2;
x (N,), t (N,), w1, b1, w2, b2 (1,) each, N = 5.
"""

import math

import numpy as np
import torch

from verify import derivation


def loss(x, t, w1, b1, w2, b2):
    h = torch.tanh(w1 * x + b1)
    o = w2 * h + b2
    return 0.5 * ((o - t) ** 2).sum()


def grad(x, t, w1, b1, w2, b2):
    w1_, b1_, w2_, b2_ = float(w1[0]), float(b1[0]), float(w2[0]), float(b2[0])
    gw1 = gb1 = gw2 = gb2 = 0.0
    for n in range(len(x)):
        xn, tn = float(x[n]), float(t[n])
        h = math.tanh(w1_ * xn + b1_)
        o = w2_ * h + b2_
        delta_o = o - tn
        gw2 += delta_o * h
        gb2 += delta_o
        delta_h = delta_o * w2_  # <- wrong
        gw1 += delta_h * xn
        gb1 += delta_h
    return np.array([gw1]), np.array([gb1]), np.array([gw2]), np.array([gb2])


def grad_fixed(x, t, w1, b1, w2, b2):
    w1_, b1_, w2_, b2_ = float(w1[0]), float(b1[0]), float(w2[0]), float(b2[0])
    gw1 = gb1 = gw2 = gb2 = 0.0
    for n in range(len(x)):
        xn, tn = float(x[n]), float(t[n])
        h = math.tanh(w1_ * xn + b1_)
        o = w2_ * h + b2_
        delta_o = o - tn
        gw2 += delta_o * h
        gb2 += delta_o
        delta_h = delta_o * w2_ * (1 - h * h)
        gw1 += delta_h * xn
        gb1 += delta_h
    return np.array([gw1]), np.array([gb1]), np.array([gw2]), np.array([gb2])


SPEC = dict(wrt=("w1", "b1", "w2", "b2"),
            shapes={"x": (5,), "t": (5,), "w1": (1,), "b1": (1,), "w2": (1,), "b2": (1,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_scalarnet_01")
CAUSE = "activation-derivative-missing"
FIX = "Back through the tanh the error picks up tanh' = 1 - h^2: delta_h = delta_o * w2 * (1 - h * h)."
