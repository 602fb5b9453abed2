"""Gradient kernel of ELU with a negative alpha in PaddlePaddle (paddle/fluid/operators/activation_op.h, ELUGradFunctor).

Source: https://github.com/PaddlePaddle/Paddle/pull/26543 ("fix elu grad when alpha less then zero"):
"out=max(0,x)+min(0,α∗(e^x−1)) ... if alpha <= 0 and x > 0, then out = x + α∗(e^x−1), then
dx = dout ∗ (1 + α ∗ e^x); if alpha <= 0 and x <=0, then out = 0, then dx = 0". The functor computed
dx = dout * (x > 0) + dout * alpha * x.exp() * (x <= 0), the alpha > 0 formula, whose exponential term
belongs under the x > 0 mask when alpha < 0. The Eigen expression in numpy, alpha = -0.5.
Loss: sum(dout * (max(0, x) + min(0, alpha (e^x - 1)))); x, dout (4, 5).
"""

import numpy as np
import torch

from verify import derivation

ALPHA = -0.5


def loss(x, dout):
    out = torch.clamp(x, min=0.0) + torch.clamp(ALPHA * (torch.exp(x) - 1.0), max=0.0)
    return (dout * out).sum()


def grad(x, dout):
    dx = dout * (x > 0) + dout * ALPHA * np.exp(x) * (x <= 0)  # <- wrong
    return dx


def grad_fixed(x, dout):
    dx = dout * (x > 0) + dout * ALPHA * np.exp(x) * (x > 0)
    return dx


SPEC = dict(wrt="x", shapes={"x": (4, 5), "dout": (4, 5)})
case = derivation(loss, grad, **SPEC, name="y_elu_01")
CAUSE = "mask"
FIX = "For alpha < 0 apply the alpha * e^x term where x > 0 (dx = dout (1 + alpha e^x)) and give 0 where x <= 0."
