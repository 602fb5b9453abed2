"""Huber loss with delta = 1 on a vector of predictions, torch:
L = sum_i h(p_i - y_i), h(r) = r^2 / 2 for |r| <= 1, |r| - 1/2 otherwise; p (8,), y (8,).
"""

import torch
import torch.nn.functional as F

from verify import derivation

DELTA = 1.0


def loss(pred, target):
    return F.huber_loss(pred, target, reduction="sum", delta=DELTA)


def grad(pred, target):
    r = pred - target
    inside = r.abs() <= DELTA
    return torch.where(inside, 2 * r, DELTA * torch.sign(r))  # <- wrong


def grad_fixed(pred, target):
    r = pred - target
    inside = r.abs() <= DELTA
    return torch.where(inside, r, DELTA * torch.sign(r))


SPEC = dict(wrt="pred", shapes={"pred": (8,), "target": (8,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_huber_01")
CAUSE = "square-factor"
FIX = "Inside the quadratic zone h(r) = r^2 / 2, whose derivative is r, not 2 r."
