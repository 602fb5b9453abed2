"""Huber loss with delta = 0.5, averaged over the predictions, pure Python:
h(r) = r^2 / 2 for |r| <= delta, delta (|r| - delta / 2) otherwise, L = (1/N) sum_i h(p_i - y_i);
pred (6,), target (6,).
"""

import math

import torch.nn.functional as F

from verify import derivation

DELTA = 0.5


def loss(pred, target):
    return F.huber_loss(pred, target, delta=DELTA)


def grad(pred, target):
    p, t = pred.tolist(), target.tolist()
    n = len(p)
    out = []
    for pi, ti in zip(p, t):
        r = pi - ti
        if abs(r) <= DELTA:
            g = r
        else:
            g = math.copysign(1.0, r)  # <- wrong
        out.append(g / n)
    return out


def grad_fixed(pred, target):
    p, t = pred.tolist(), target.tolist()
    n = len(p)
    out = []
    for pi, ti in zip(p, t):
        r = pi - ti
        if abs(r) <= DELTA:
            g = r
        else:
            g = DELTA * math.copysign(1.0, r)
        out.append(g / n)
    return out


SPEC = dict(wrt="pred", shapes={"pred": (6,), "target": (6,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_huber_02")
CAUSE = "wrong-coefficient"
FIX = "Outside the quadratic zone the loss grows like delta |r|, so its slope is delta sign(r)."
