"""trace_backward of PyTorch's ATen (TriangularOps.cpp), in numpy.

Source: https://github.com/pytorch/pytorch/issues/171704 ("torch.trace backward produces incorrect
gradients for non-square inputs"):
    auto grad_input = at::zeros_symint(sizes[0] * sizes[1], grad.options());
    auto indices = at::arange(0, grad_input.numel(), sizes[1] + 1, ...);
    grad_input.index_fill_(0, indices, grad);
for an n x m input with n > m the stride m + 1 runs past the diagonal (a 4 x 2 input gets a 1 at
(3, 0)); fixed (PRs #171851, #174040) by limiting the indices to min(n, m) diagonal entries.
x (4, 2), g (); L = g * trace(x).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, g):
    return g * torch.trace(x)


def trace_backward(grad, sizes):
    grad_input = np.zeros(sizes[0] * sizes[1])
    indices = np.arange(0, grad_input.size, sizes[1] + 1)  # <- wrong
    grad_input[indices] = grad
    return grad_input.reshape(sizes)


def trace_backward_fixed(grad, sizes):
    grad_input = np.zeros(sizes[0] * sizes[1])
    indices = np.arange(0, min(sizes) * (sizes[1] + 1), sizes[1] + 1)
    grad_input[indices] = grad
    return grad_input.reshape(sizes)


def grad(x, g):
    return trace_backward(g, x.shape)


def grad_fixed(x, g):
    return trace_backward_fixed(g, x.shape)


SPEC = dict(wrt="x", shapes={"x": (4, 2), "g": ()})
case = derivation(loss, grad, **SPEC, name="r_trace_19")
CAUSE = "mask"
FIX = "Only the min(n, m) diagonal entries get the gradient: stop the stride-(m + 1) index range at min(n, m) (m + 1)."
