"""Softmax cross-entropy summed over a few examples, pure Python:
p_n = softmax(z_n), L = -sum_n log p_n[y_n]; z (3, 5), y (3,) class indices.
"""

import math

import torch.nn.functional as F

from verify import derivation


def loss(z, y):
    return F.cross_entropy(z, y, reduction="sum")


def grad(z, y):
    dz = []
    for row, label in zip(z.tolist(), y.tolist()):
        m = max(row)
        exps = [math.exp(v - m) for v in row]
        total = sum(exps)
        probs = [e / total for e in exps]
        drow = []
        for j, pj in enumerate(probs):
            drow.append((1.0 if j == label else 0.0) - pj)  # <- wrong
        dz.append(drow)
    return dz


def grad_fixed(z, y):
    dz = []
    for row, label in zip(z.tolist(), y.tolist()):
        m = max(row)
        exps = [math.exp(v - m) for v in row]
        total = sum(exps)
        probs = [e / total for e in exps]
        drow = []
        for j, pj in enumerate(probs):
            drow.append(pj - (1.0 if j == label else 0.0))
        dz.append(drow)
    return dz


SPEC = dict(wrt="z", shapes={"z": (3, 5), "y": (3,)}, draws={"y": ("labels", 5)}, sizes={})
case = derivation(loss, grad, **SPEC, name="w_crossent_01")
CAUSE = "sign"
FIX = "dL/dz_j = p_j - [j = y], because L is minus the log-probability."
