"""ReLU backward reference in ROCm/rocm-libraries (hipDNN test_sdk, pointwise BinaryOperationFunctors.hpp).

Source: https://github.com/ROCm/rocm-libraries/issues/7676 ("[hipDNN] ReluBackward parameter issue").
The CPU reference functor for ReluBackward took its operands as (x, dy) while the pointwise
backward operations pass (dy, x) (cuDNN's order, "always gradient first"), so the reference
computed x * (dy > 0) instead of dy * (x > 0). The maintainers confirmed the flipped order and
fixed it in #7736 by flipping the reference's parameter order. Translated to numpy: the functor keeps
its (x, dy) signature and the one-line fix is made at the call, which passes (dy, x) in the bug.
Loss: sum(dy * relu(x)); x, dy (3, 4).
"""

import torch

from verify import derivation


def loss(x, dy):
    return (dy * torch.relu(x)).sum()


def relu_backward(x, dy):
    return dy * (x > 0)


def grad(x, dy):
    return relu_backward(dy, x)  # <- wrong


def grad_fixed(x, dy):
    return relu_backward(x, dy)


SPEC = dict(wrt="x", shapes={"x": (3, 4), "dy": (3, 4)})
case = derivation(loss, grad, **SPEC, name="s_relu_15")
CAUSE = "wrong-operand"
FIX = "Make the ReluBackward reference and its caller agree on the operand order, so the mask comes from x and the values from dy."
