"""Backward of the Mean operation in kakaobrain/trident (trident/operation/mean.py, trident/kernel/mean.py).

Source: https://github.com/kakaobrain/trident/pull/66 ("Fix a bug in Mean": "The backward of Mean is
implemented incorrectly"). As the author explains in the PR, the forward divides the sum by x_size,
so the backward must divide the broadcast upstream gradient by x_size as well, and it did not.
Reduced from the Triton kernel (one program per row) to a numpy loop over rows.
Loss: sum(grad_output * input.mean(dim=1)); input (3, 5), grad_output (3,).
"""

import numpy as np

from verify import derivation


def loss(input, grad_output):
    return (grad_output * input.mean(dim=1)).sum()


def grad(input, grad_output):
    y_size, x_size = input.shape
    grad_input = np.zeros_like(input)
    for offset in range(y_size):
        grad_input[offset, :] = grad_output[offset]  # <- wrong
    return grad_input


def grad_fixed(input, grad_output):
    y_size, x_size = input.shape
    grad_input = np.zeros_like(input)
    for offset in range(y_size):
        grad_input[offset, :] = grad_output[offset] / x_size
    return grad_input


SPEC = dict(wrt="input", shapes={"input": (3, 5), "grad_output": (3,)})
case = derivation(loss, grad, **SPEC, name="s_mean_13")
CAUSE = "wrong-divisor"
FIX = "Divide the broadcast upstream gradient by the size of the averaged dimension, x_size."
