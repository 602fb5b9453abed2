"""Backward of the in-place leaky ReLU with a negative slope (PyTorch, tools/autograd/derivatives.yaml).

Source: https://github.com/pytorch/pytorch/issues/31938 ("`leaky_relu_` wrong gradient with negative
slope"): for leaky_relu_(a.clone(), -2) on a = [-1., 1.] the gradient came back [1., 1.] instead of
[-2., 1.]. The in-place op saves only its output, so its backward computed the leaky-ReLU mask from
the result (leaky_relu_backward(grad, result, negative_slope) -> where(result > 0, grad, grad*slope));
with a negative slope a negative input gives a positive result and the mask is wrong
(PR #33639 explains it). The out-of-place op's formula, which tests the input self > 0, is the correct one.
Loss: sum(G * leaky_relu(x, -2)); x (4, 5), G (4, 5).
"""

import numpy as np
import torch

from verify import derivation

negative_slope = -2.0


def loss(x, G):
    return (G * torch.nn.functional.leaky_relu(x, negative_slope)).sum()


def grad(x, G):
    result = np.where(x > 0, x, x * negative_slope)
    grad_output = G
    grad_input = np.where(result > 0, grad_output, grad_output * negative_slope)  # <- wrong
    return grad_input


def grad_fixed(x, G):
    result = np.where(x > 0, x, x * negative_slope)
    grad_output = G
    grad_input = np.where(x > 0, grad_output, grad_output * negative_slope)
    return grad_input


SPEC = dict(wrt="x", shapes={"x": (4, 5), "G": (4, 5)})
case = derivation(loss, grad, **SPEC, name="r_leakyrelu_22")
CAUSE = "mask"
FIX = "The leaky-ReLU mask must test the input (x > 0), since with a negative slope the output's sign no longer tells which branch was taken."
