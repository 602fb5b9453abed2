"""Manual backprop of the XOR network in hunkim/DeepLearningZeroToAll (lab-09-x-xor-nn-back_prop.py).

Source: https://github.com/hunkim/DeepLearningZeroToAll/issues/173 ("Our manual backprop weight
average is missing"). The cost is the *mean* binary cross-entropy, -reduce_mean(Y log Y_pred +
(1 - Y) log(1 - Y_pred)), but the hand-written gradients (e.g. d_W1 = matmul(transpose(X), d_l1))
are those of the *sum*: "the values of d_W1 are proportional to the sample size. We need to average
these values." Translated from TensorFlow to numpy; the 1/N is applied where the chain starts,
d cost / d Y_pred (the lab's +1e-7 in that denominator is left out so the form is exact).
Loss: mean binary cross-entropy; X (4, 2), W1 (2, 3), b1 (3,), W2 (3, 1), b2 (1,), Y (4, 1).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, b1, W2, b2, Y):
    l1 = torch.sigmoid(X @ W1 + b1)
    Y_pred = torch.sigmoid(l1 @ W2 + b2)
    return -(Y * torch.log(Y_pred) + (1 - Y) * torch.log(1 - Y_pred)).mean()


def sigma(x):
    return 1.0 / (1.0 + np.exp(-x))


def grad(X, W1, b1, W2, b2, Y):
    l1 = sigma(np.matmul(X, W1) + b1)
    Y_pred = sigma(np.matmul(l1, W2) + b2)
    d_Y_pred = (Y_pred - Y) / (Y_pred * (1.0 - Y_pred))  # <- wrong
    d_sigma2 = Y_pred * (1 - Y_pred)
    d_a2 = d_Y_pred * d_sigma2
    d_W2 = np.matmul(np.transpose(l1), d_a2)
    d_l1 = np.matmul(d_a2, np.transpose(W2))
    d_sigma1 = l1 * (1 - l1)
    d_a1 = d_l1 * d_sigma1
    d_W1 = np.matmul(np.transpose(X), d_a1)
    return d_W1, d_W2


def grad_fixed(X, W1, b1, W2, b2, Y):
    l1 = sigma(np.matmul(X, W1) + b1)
    Y_pred = sigma(np.matmul(l1, W2) + b2)
    d_Y_pred = (Y_pred - Y) / (Y_pred * (1.0 - Y_pred)) / X.shape[0]
    d_sigma2 = Y_pred * (1 - Y_pred)
    d_a2 = d_Y_pred * d_sigma2
    d_W2 = np.matmul(np.transpose(l1), d_a2)
    d_l1 = np.matmul(d_a2, np.transpose(W2))
    d_sigma1 = l1 * (1 - l1)
    d_a1 = d_l1 * d_sigma1
    d_W1 = np.matmul(np.transpose(X), d_a1)
    return d_W1, d_W2


SPEC = dict(
    wrt=("W1", "W2"),
    shapes={"X": (4, 2), "W1": (2, 3), "b1": (3,), "W2": (3, 1), "b2": (1,), "Y": (4, 1)},
    draws={"Y": "uniform"},
)
case = derivation(loss, grad, **SPEC, name="s_xor_22")
CAUSE = "batch-mean"
FIX = "The cost is a mean over the N samples, so d cost / d Y_pred (and every gradient after it) carries a factor 1/N."
