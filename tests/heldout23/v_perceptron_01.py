"""A tanh perceptron trained on a batch with the halved squared error, pure Python:
o_n = tanh(w . x_n), L = 1/2 sum_n (t_n - o_n)^2; w (4,), X (5, 4), t (5,).
"""

import math

import torch

from verify import derivation


def loss(w, X, t):
    o = torch.tanh(X @ w)
    return 0.5 * ((t - o) ** 2).sum()


def grad(w, X, t):
    wl = w.tolist()
    dw = [0.0] * len(wl)
    for xn, tn in zip(X.tolist(), t.tolist()):
        o = math.tanh(sum(wi * xi for wi, xi in zip(wl, xn)))
        delta = (tn - o) * (1 - o * o)  # <- wrong
        for i, xi in enumerate(xn):
            dw[i] += delta * xi
    return dw


def grad_fixed(w, X, t):
    wl = w.tolist()
    dw = [0.0] * len(wl)
    for xn, tn in zip(X.tolist(), t.tolist()):
        o = math.tanh(sum(wi * xi for wi, xi in zip(wl, xn)))
        delta = (o - tn) * (1 - o * o)
        for i, xi in enumerate(xn):
            dw[i] += delta * xi
    return dw


SPEC = dict(wrt="w", shapes={"w": (4,), "X": (5, 4), "t": (5,)}, draws={"t": ("uniform", -0.9, 0.9)},
            sizes={})
case = derivation(loss, grad, **SPEC, name="v_perceptron_01")
CAUSE = "sign"
FIX = "dL/do = o - t, so the delta is (o - t)(1 - o^2); t - o is the descent direction, not the gradient."
