"""Soft Dice loss on sigmoid probabilities for a batch of masks, numpy backward:
p = sigma(z), L = 1 - (2 sum p t + 1) / (sum p + sum t + 1); z, t (N, M) with N = 4, M = 6,
t soft targets in (0, 1).
"""

import numpy as np
import torch

from verify import derivation

SMOOTH = 1.0


def loss(z, t):
    p = torch.sigmoid(z)
    return 1 - (2 * (p * t).sum() + SMOOTH) / (p.sum() + t.sum() + SMOOTH)


def grad(z, t):
    z, t = np.asarray(z), np.asarray(t)
    p = 1.0 / (1.0 + np.exp(-z))
    num = 2 * (p * t).sum() + SMOOTH
    den = p.sum() + t.sum() + SMOOTH
    dp = -t / den + num / den ** 2  # <- wrong
    return dp * p * (1 - p)


def grad_fixed(z, t):
    z, t = np.asarray(z), np.asarray(t)
    p = 1.0 / (1.0 + np.exp(-z))
    num = 2 * (p * t).sum() + SMOOTH
    den = p.sum() + t.sum() + SMOOTH
    dp = -2 * t / den + num / den ** 2
    return dp * p * (1 - p)


SPEC = dict(wrt="z", shapes={"z": ("N", "M"), "t": ("N", "M")},
            draws={"t": "uniform"}, sizes={"N": 4, "M": 6})
case = derivation(loss, grad, **SPEC, name="m_dice_01")
CAUSE = "wrong-coefficient"
FIX = "The numerator is 2 sum p t, so its derivative is 2 t: dp = -2 t / den + num / den^2."
