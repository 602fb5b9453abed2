"""Backward of tt_lib's hardsigmoid (tenstorrent/tt-metal, tt_eager/tt_dnn/op_library/backward/backward_ops.cpp, _hardsigmoid_bw).

Source: https://github.com/tenstorrent/tt-metal/issues/6534 ("[Bug Report] invalid hardsigmoid backward
result"), fixed in https://github.com/tenstorrent/tt-metal/pull/6542 ("Backward op - Fixed ldexp,
hardsigmoid and asin"). hardsigmoid(x) = relu6(x + 3) / 6 is linear with slope 1/6 only on
-3 < x < 3 and flat outside; _hardsigmoid_bw returned grad / 6 for every element, so an input of 10
(the report's example) still got a gradient. The fix zeroes the gradient where input <= -3 or
input >= 3 with a where(). The tt_lib composite is written with numpy.
Loss: sum(grad * relu6(input + 3) / 6); input, grad (4, 8), input drawn with scale 4 so that it
reaches both flat parts.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(input, grad):
    return (grad * F.relu6(input + 3) / 6).sum()


def grad(input, grad):
    grad_a = grad * (1.0 / 6)  # <- wrong
    return grad_a


def grad_fixed(input, grad):
    grad_a = np.where(np.logical_or(input <= -3, input >= 3), np.zeros_like(input), grad * (1.0 / 6))
    return grad_a


SPEC = dict(wrt="input", shapes={"input": (4, 8), "grad": (4, 8)}, draws={"input": ("normal", 4.0)})
case = derivation(loss, grad, **SPEC, name="u_hardsigmoid_01")
CAUSE = "mask"
FIX = "Zero the gradient where input <= -3 or input >= 3, where hardsigmoid is constant, and keep grad / 6 only on -3 < input < 3."
