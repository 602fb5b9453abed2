"""Huber loss with delta = 1.5, summed, numpy: loss = sum of 0.5 r^2 where |r| <= delta and
delta (|r| - delta / 2) elsewhere, r = pred - target; pred (N, K), target (N, K), N = 4, K = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

DELTA = 1.5


def loss(pred, target):
    return F.huber_loss(pred, target, reduction="sum", delta=DELTA)


def grad(pred, target):
    r = pred - target
    small = np.abs(r) <= DELTA
    return np.where(small, r, np.sign(r))  # <- wrong


def grad_fixed(pred, target):
    r = pred - target
    small = np.abs(r) <= DELTA
    return np.where(small, r, DELTA * np.sign(r))


SPEC = dict(wrt="pred", numpy=True, shapes={"pred": ("N", "K"), "target": ("N", "K")},
            draws={"pred": ("normal", 2.0)}, sizes={"N": 4, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_loss_06")
CAUSE = "wrong-coefficient"
FIX = "In the linear region the slope is delta, so the gradient is delta * sign(r), not sign(r)."
