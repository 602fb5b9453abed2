"""Backward of chainer's leaky ReLU with slope 0 (chainer/functions/activation/leaky_relu.py, LeakyReLU.backward_cpu).

Source: https://github.com/chainer/chainer/pull/5898 ("Fix broken `F.leaky_relu` grad when slope = 0"):
"When slope = 0, F.leaky_relu backpropagated all gradients, even at x < 0." For a non-negative
slope the function retained only its output y and rebuilt the mask from it, gx[y < 0] *= slope;
with slope = 0 every y is >= 0, so no element was masked and gx = gy everywhere. The output can
stand in for the input only when the slope is strictly positive. Translated as it was (numpy).
Loss: sum(gy * leaky_relu(x, slope=0)); x, gy (4, 5).
"""

import torch.nn.functional as F

from verify import derivation


def loss(x, gy):
    return (gy * F.leaky_relu(x, negative_slope=0.0)).sum()


def grad(x, gy):
    slope = 0.0
    y = x.copy()
    y[x < 0] *= slope
    gx = gy.copy()
    if slope >= 0:  # <- wrong
        gx[y < 0] *= slope
    else:
        gx[x < 0] *= slope
    return gx


def grad_fixed(x, gy):
    slope = 0.0
    y = x.copy()
    y[x < 0] *= slope
    gx = gy.copy()
    if slope > 0:
        gx[y < 0] *= slope
    else:
        gx[x < 0] *= slope
    return gx


SPEC = dict(wrt="x", shapes={"x": (4, 5), "gy": (4, 5)})
case = derivation(loss, grad, **SPEC, name="u_leakyrelu_01")
CAUSE = "mask"
FIX = "Use the output y as the mask only for a strictly positive slope (slope > 0) and mask on x < 0 otherwise."
