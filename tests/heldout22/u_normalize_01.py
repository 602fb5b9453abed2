"""Backward of chainer's L2 normalisation y = x / (||x|| + eps) (chainer/functions/normalization/l2_normalization.py, NormalizeL2.backward).

Source: https://github.com/chainer/chainer/pull/4190 ("Fix backward of NormalizeL2"): "The backward
computation of NormalizeL2 was wrong (for non-negligible eps)." With norm = ||x|| + eps,
dy/dx gives gx = (gy * norm - (x . gy) x / ||x||) / norm^2: the reduced product x . gy has to be
divided by the norm WITHOUT eps, but the code divided it by norm, eps included; the fix introduced
norm_noeps for that division. The chainer.functions calls on Variables are written with numpy;
rows are vectors (axis = 1), eps = 1e-5 as in F.normalize.
Loss: sum(gy * x / (||x||_row + eps)); x, gy (4, 3).
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gy):
    return (gy * x / (torch.sqrt((x ** 2).sum(dim=1, keepdim=True)) + EPS)).sum()


def grad(x, gy):
    axis = 1
    norm_noeps = np.sqrt(np.sum(np.square(x), axis=axis, keepdims=True))
    norm = norm_noeps + EPS
    norm = np.broadcast_to(norm, gy.shape)

    x_gy_reduced = np.sum((x * gy), axis=axis, keepdims=True)
    x_gy_reduced = x_gy_reduced / norm  # <- wrong
    x_gy_reduced = np.broadcast_to(x_gy_reduced, gy.shape)
    gx = gy * norm - x_gy_reduced * x
    gx = gx / norm ** 2
    return gx


def grad_fixed(x, gy):
    axis = 1
    norm_noeps = np.sqrt(np.sum(np.square(x), axis=axis, keepdims=True))
    norm = norm_noeps + EPS
    norm = np.broadcast_to(norm, gy.shape)

    x_gy_reduced = np.sum((x * gy), axis=axis, keepdims=True)
    x_gy_reduced = x_gy_reduced / norm_noeps
    x_gy_reduced = np.broadcast_to(x_gy_reduced, gy.shape)
    gx = gy * norm - x_gy_reduced * x
    gx = gx / norm ** 2
    return gx


SPEC = dict(wrt="x", shapes={"x": (4, 3), "gy": (4, 3)})
case = derivation(loss, grad, **SPEC, name="u_normalize_01")
CAUSE = "wrong-operand"
FIX = "Divide the reduced product sum(x * gy) by the norm without eps (norm_noeps), since d||x||/dx = x / ||x||."
