"""Gradient registered for FloorMod in tensorflow-phased-lstm (phased_lstm.py, _mod_grad).

Source: https://github.com/philipperemy/tensorflow-phased-lstm/issues/9 ("wrong gradient for mod?"):
"y_grad = tf.reduce_mean(-(x // y) * gz, axis=[0], keep_dims=True)[0] ... Why reduce_mean and not
reduce_sum? I understand that broadcasting y to x size makes multiple copies, so that gradient has to
be summed over multiple usage"; the author: "Yes I agree it should be `tf.reduce_sum`. Good catch :)".
z = x mod y = x - floor(x / y) y with the period y of shape (D,) broadcast over the batch rows of x,
so dz/dy = -floor(x / y), summed over the rows. The TensorFlow gradient function in numpy.
Loss: sum(gz * floormod(x, y)); x, gz (N, D) = (5, 4), y (4,) positive.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, y, gz):
    return (gz * torch.remainder(x, y)).sum()


def _mod_grad(x, y, gz):
    x_grad = gz
    y_grad = np.mean(-(x // y) * gz, axis=0, keepdims=True)[0]  # <- wrong
    return x_grad, y_grad


def _mod_grad_fixed(x, y, gz):
    x_grad = gz
    y_grad = np.sum(-(x // y) * gz, axis=0, keepdims=True)[0]
    return x_grad, y_grad


def grad(x, y, gz):
    x_grad, y_grad = _mod_grad(x, y, gz)
    return y_grad


def grad_fixed(x, y, gz):
    x_grad, y_grad = _mod_grad_fixed(x, y, gz)
    return y_grad


SPEC = dict(wrt="y", shapes={"x": ("N", "D"), "y": ("D",), "gz": ("N", "D")},
            sizes={"N": 5, "D": 4}, draws={"x": ("normal", 3.0), "y": ("positive", 1.0, 0.5)})
case = derivation(loss, grad, **SPEC, name="y_floormod_01")
CAUSE = "batch-mean"
FIX = "Sum the period's gradient over the broadcast batch rows, tf.reduce_sum(-(x // y) * gz, axis=[0]), instead of averaging it."
