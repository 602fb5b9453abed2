"""Backward of ttnn.rpow, a scalar base raised to a tensor exponent (tenstorrent/tt-metal, ttnn/cpp/ttnn/operations/eltwise/unary_backward/unary_backward.cpp, rpow_bw).

Source: https://github.com/tenstorrent/tt-metal/issues/55289 ("ttnn.rpow_bw computes the gradient of
x**base instead of base**x; NaN for every negative input"; also https://github.com/tenstorrent/tt-metal/pull/52144).
ttnn.rpow(x, base) is base ** x (the kernel and the golden agree), but rpow_bw returns
grad * base * x**(base - 1), the derivative of x ** base, with base and exponent in each other's
place; the correct derivative is base**x * ln(base). The composite then overwrote every x < 0 with
NaN; that masking line is left out here (on negative x the wrong power is NaN anyway). The C++
composite of ttnn ops is written as torch elementwise operations.
Loss: sum(grad * base ** input); input, grad (4, 5), base = 2.5.
"""

import math

import torch

from verify import derivation

EXPONENT = 2.5  # the scalar argument of rpow, which is the base of the power


def loss(input, grad):
    return (grad * EXPONENT ** input).sum()


def rpow_bw(grad, input, exponent):
    grad_result = grad * exponent * torch.pow(input, exponent - 1)  # <- wrong
    return grad_result


def rpow_bw_fixed(grad, input, exponent):
    grad_result = grad * torch.pow(exponent, input) * math.log(exponent)
    return grad_result


def grad(input, grad):
    return rpow_bw(grad, input, EXPONENT)


def grad_fixed(input, grad):
    return rpow_bw_fixed(grad, input, EXPONENT)


SPEC = dict(wrt="input", shapes={"input": (4, 5), "grad": (4, 5)})
case = derivation(loss, grad, **SPEC, name="u_rpow_01")
CAUSE = "wrong-operand"
FIX = "Differentiate base ** x with respect to x: grad * base ** input * log(base), not grad * base * input ** (base - 1)."
