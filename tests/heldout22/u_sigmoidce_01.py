"""Backward kernel of Paddle's sigmoid_cross_entropy_with_logits with pos_weight (paddle/phi/kernels/cpu/sigmoid_cross_entropy_with_logits_grad_kernel.cc).

Source: https://github.com/PaddlePaddle/Paddle/pull/64253 ("fix the bug in
sigmoid_cross_entropy_with_logits_grad_kernel", for issue #64226: the backward kernel disagreed with
automatic differentiation of the decomposed op). The forward of that version computes, element by
element, max(x, 0) - x * label + pos_weight * log(1 + exp(-|x|)); the grad kernel used
diff = sigmoid(x) * pos_weight - label, which is right only for pos_weight = 1: for x > 0 it drops
the (1 - pos_weight) that the max(x, 0) term contributes. The fix differentiates the three terms
separately (term1 - label + term3). The C++ loop over elements is written with numpy arrays;
ignore_index and normalisation are left out.
Loss: sum(dout * (max(x, 0) - x * label + pos_weight * log(1 + exp(-|x|)))); x, label, pos_weight, dout (3, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, label, pos_weight, dout):
    out = torch.clamp(x, min=0) - x * label + pos_weight * torch.log1p(torch.exp(-torch.abs(x)))
    return (dout * out).sum()


def grad(x, label, pos_weight, dout):
    simoid_x = 1 / (1 + np.exp(-x))
    term1 = (x > 0).astype(x.dtype)
    e_x = np.exp(-np.abs(x))
    down = 1 + e_x
    abs_grad = np.where(x >= 0, 1.0, -1.0)
    up = -e_x * abs_grad * pos_weight
    term3 = up / down
    diff = simoid_x * pos_weight - label  # <- wrong
    return dout * diff


def grad_fixed(x, label, pos_weight, dout):
    simoid_x = 1 / (1 + np.exp(-x))
    term1 = (x > 0).astype(x.dtype)
    e_x = np.exp(-np.abs(x))
    down = 1 + e_x
    abs_grad = np.where(x >= 0, 1.0, -1.0)
    up = -e_x * abs_grad * pos_weight
    term3 = up / down
    diff = term1 - label + term3
    return dout * diff


SPEC = dict(wrt="x", shapes={"x": (3, 4), "label": (3, 4), "pos_weight": (3, 4), "dout": (3, 4)},
            draws={"label": "uniform", "pos_weight": ("positive", 1.0, 0.2)})
case = derivation(loss, grad, **SPEC, name="u_sigmoidce_01")
CAUSE = "missing-term"
FIX = "Differentiate each term of the forward: diff = [x > 0] - label - pos_weight * sign(x) * exp(-|x|) / (1 + exp(-|x|))."
