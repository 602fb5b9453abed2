"""Backward of the fused rotary position embedding in PaddlePaddle (fused_rotary_position_embedding kernel).

Source: https://github.com/PaddlePaddle/Paddle/pull/74716 ("fix_fused_rotary_position_embedding"): with
use_neox_rotary_style=False the backward was "dL_dxprime * cos - rotate_half(dL_dxprime) * sin", while
the correct one, matching torch autograd, is "dL_dxprime * cos - rotate_half(dL_dxprime * sin)"; the
old unit test passed because its sin table had equal halves. The forward is
x' = x * cos + rotate_half(x) * sin with rotate_half(x) = cat(-x2, x1); rotate_half is a rotation,
so its transpose is -rotate_half, applied to dL/dx' * sin. The Python reference of the PR in torch.
Loss: sum(dL_dxprime * x'); x, cos, sin, dL_dxprime (2, 3, 8).
"""

import torch

from verify import derivation


def rotate_half(x):
    x1, x2 = x.reshape(*x.shape[:-1], 2, x.shape[-1] // 2).unbind(-2)
    return torch.cat((-x2, x1), dim=-1)


def loss(x, cos, sin, dL_dxprime):
    return (dL_dxprime * (x * cos + rotate_half(x) * sin)).sum()


def grad(x, cos, sin, dL_dxprime):
    dL_dx = dL_dxprime * cos - rotate_half(dL_dxprime) * sin  # <- wrong
    return dL_dx


def grad_fixed(x, cos, sin, dL_dxprime):
    dL_dx = dL_dxprime * cos - rotate_half(dL_dxprime * sin)
    return dL_dx


SPEC = dict(wrt="x", shapes={"x": (2, 3, 8), "cos": (2, 3, 8), "sin": (2, 3, 8),
                             "dL_dxprime": (2, 3, 8)})
case = derivation(loss, grad, **SPEC, name="y_rope_01")
CAUSE = "wrong-operand"
FIX = "Rotate the product with sin, rotate_half(dL_dxprime * sin), instead of multiplying the rotated gradient by sin."
