"""Backward of the matrix inverse written in NumPy, as in the PyTorch blog post on torch.linalg autograd.

Source: https://github.com/pytorch/pytorch.github.io/issues/2135 ("Linalg autograd blog post:
Typo/error in NumPy gradient computation for linalg.inv"): the post's NumPy version
    def inv_backward(result, grad):
        return -(result.transpose(-2, -1) @ (grad @ result.transpose(-2, -1)))
uses NumPy's ndarray.transpose(-2, -1), which for a 2-D array permutes the axes (0, 1), i.e. is
no transpose at all; the example only worked because its matrix was symmetric. Fix from the
issue: -(result.T @ (grad @ result.T)). The input is shifted by 4 I to stay well conditioned.
L = sum(grad * inv(x + 4 I)); x (3, 3), grad (3, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, grad):
    a = x + 4 * torch.eye(3, dtype=x.dtype)
    return (grad * torch.linalg.inv(a)).sum()


def inv_backward(result, grad):
    return -(result.transpose(-2, -1) @ (grad @ result.transpose(-2, -1)))  # <- wrong


def inv_backward_fixed(result, grad):
    return -(result.T @ (grad @ result.T))


def grad(x, grad):
    result = np.linalg.inv(np.asarray(x) + 4 * np.eye(3))
    return inv_backward(result, np.asarray(grad))


def grad_fixed(x, grad):
    result = np.linalg.inv(np.asarray(x) + 4 * np.eye(3))
    return inv_backward_fixed(result, np.asarray(grad))


SPEC = dict(wrt="x", shapes={"x": (3, 3), "grad": (3, 3)}, draws={"x": ("normal", 0.5)})
case = derivation(loss, grad, **SPEC, name="r_inv_18")
CAUSE = "transpose"
FIX = "d inv(A) = -A^-T G A^-T: transpose with .T, since numpy's ndarray.transpose(-2, -1) leaves a 2-D array unchanged."
