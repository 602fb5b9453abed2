"""Backward of chainer's HuberLoss (chainer/functions/loss/huber_loss.py, HuberLoss.backward, chainer v1).

Source: https://github.com/chainer/chainer/issues/1175 ("HuberLoss's backward() should not ignore gy"):
"`HuberLoss`'s `backward()` ignores `gy`, so any computation after `HuberLoss` has no effect for
gradients backpropagated by `HuberLoss`" ((F.huber_loss(x, t, 1.0) * 0).backward() still gave -1);
fixed by https://github.com/chainer/chainer/pull/1178, which multiplies by gy[0] reshaped to broadcast
over the feature axes. The forward returns one loss per sample, the Huber terms summed over axis 1.
The Function's numpy code, forward and backward, kept as it was.
Loss: sum(gy * huber(x0 - x1).sum(axis=1)); x0, x1 (4, 3), gy (4,), delta = 1.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

DELTA = 1.0


def loss(x0, x1, gy):
    per_sample = F.huber_loss(x0, x1, reduction="none", delta=DELTA).sum(dim=1)
    return (gy * per_sample).sum()


class HuberLoss:
    def __init__(self, delta):
        self.delta = delta

    def forward(self, inputs):
        x0, x1 = inputs
        self.diff = x0 - x1
        y = np.square(self.diff)
        mask = y > (self.delta ** 2)
        y -= mask * np.square(abs(self.diff) - self.delta)
        y *= 0.5
        return y.sum(axis=1),

    def backward(self, inputs, gy):
        mask = np.abs(self.diff) <= self.delta
        gx = np.where(mask, self.diff, self.delta * np.sign(self.diff))  # <- wrong
        return gx, -gx


class HuberLossFixed(HuberLoss):
    def backward(self, inputs, gy):
        mask = np.abs(self.diff) <= self.delta
        gx = gy[0].reshape(gy[0].shape + (1,) * (self.diff.ndim - 1)) * np.where(mask, self.diff, self.delta * np.sign(self.diff))
        return gx, -gx


def grad(x0, x1, gy):
    f = HuberLoss(DELTA)
    f.forward((x0, x1))
    gx0, gx1 = f.backward((x0, x1), (gy,))
    return gx0


def grad_fixed(x0, x1, gy):
    f = HuberLossFixed(DELTA)
    f.forward((x0, x1))
    gx0, gx1 = f.backward((x0, x1), (gy,))
    return gx0


SPEC = dict(wrt="x0", shapes={"x0": (4, 3), "x1": (4, 3), "gy": (4,)})
case = derivation(loss, grad, **SPEC, name="y_huber_01")
CAUSE = "wrong-coefficient"
FIX = "Scale the clipped difference by the incoming gradient of each sample's loss, gy[0] broadcast over the feature axis."
