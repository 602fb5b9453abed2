"""Gradient of dlib's loss_mean_squared (dlib/dnn/loss.h, compute_loss_value_and_gradient).

Source: https://github.com/davisking/dlib/issues/1169 ("Is loss_mean_square gradient correct?").
The loss is accumulated as scale * (y - out)^2 with scale = 1 / num_samples, but the gradient is
    g[i] = -temp2;      // temp2 = scale * (y - out)
which is the derivative of half that loss; the reporter proposes g[i] = -2.0 * temp2. The
maintainer replied that the factor does not matter for training and that 0.5 (y - x)^2 is the
customary MSE, while the reported loss is kept without the 0.5: the gradient and the loss disagree
by the factor 2 of the convention. Translated from C++ (one output per sample) to numpy.
Loss: sum((truth - out)^2) / N; out, truth (6,).
"""

import numpy as np

from verify import derivation


def loss(out, truth):
    return ((truth - out) ** 2).sum() / out.shape[0]


def grad(out, truth):
    scale = 1.0 / out.shape[0]
    g = np.zeros_like(out)
    for i in range(out.shape[0]):
        y = truth[i]
        temp1 = y - out[i]
        temp2 = scale * temp1
        g[i] = -temp2  # <- wrong
    return g


def grad_fixed(out, truth):
    scale = 1.0 / out.shape[0]
    g = np.zeros_like(out)
    for i in range(out.shape[0]):
        y = truth[i]
        temp1 = y - out[i]
        temp2 = scale * temp1
        g[i] = -2.0 * temp2
    return g


SPEC = dict(wrt="out", shapes={"out": (6,), "truth": (6,)})
case = derivation(loss, grad, **SPEC, name="s_mse_23")
CAUSE = "mse-convention"
FIX = "For the loss scale * (y - out)^2 as reported, the gradient is -2 * scale * (y - out)."
