"""Input gradient of the smooth-L1 loss in BobMcDear/attorch (attorch/p_loss_kernels.py, p_loss_backward_kernel).

Source: https://github.com/BobMcDear/attorch/issues/13 reports that SmoothL1Loss and HuberLoss
choose between their quadratic and linear pieces by comparing the *signed* difference with the
threshold. In the backward kernel the smooth-L1 branch was
    input_grad = tl.where(diff < param, diff / param, tl.where(0 <= diff, 1, -1))
so every difference at or below -beta took the quadratic branch (gradient diff / beta) where the
loss is linear (gradient -1). The fix compares the absolute difference, `tl.abs(diff) < param`.
Reduced to numpy with reduction='mean' and beta = 0.5 (the kernel divides by size for 'mean').
Loss: F.smooth_l1_loss(input, target, beta=0.5), mean over all elements; input, target (3, 5).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

BETA = 0.5


def loss(input, target):
    return F.smooth_l1_loss(input, target, reduction="mean", beta=BETA)


def grad(input, target):
    param = BETA
    size = input.size
    diff = input - target
    input_grad = np.where(diff < param, diff / param, np.where(0 <= diff, 1.0, -1.0))  # <- wrong
    input_grad = input_grad / size
    return input_grad


def grad_fixed(input, target):
    param = BETA
    size = input.size
    diff = input - target
    input_grad = np.where(np.abs(diff) < param, diff / param, np.where(0 <= diff, 1.0, -1.0))
    input_grad = input_grad / size
    return input_grad


SPEC = dict(wrt="input", shapes={"input": (3, 5), "target": (3, 5)})
case = derivation(loss, grad, **SPEC, name="s_smoothl1_01")
CAUSE = "mask"
FIX = "Choose the quadratic branch by the absolute difference, np.abs(diff) < beta, not by the signed difference."
