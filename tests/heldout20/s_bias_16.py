"""Gradient of mlpack's Add layer (a learned bias) (src/mlpack/methods/ann/layer/add_impl.hpp, Add::Gradient).

Source: https://github.com/mlpack/mlpack/pull/3679 ("Fix batch handling for `Add::Gradient()`").
The layer adds a bias vector to every column (mlpack stores one sample per column), and its
Gradient() set `gradient = error`, which is right only for a batch of one: the error is
outSize x batchSize while the bias gradient is outSize x 1. Like the Linear layer's bias, it must be
the sum of the error over the batch. Translated from Armadillo to numpy.
Loss: sum(error * (input + weights)); input, error (4, 3) = (outSize, batch), weights (4, 1).
"""

import numpy as np

from verify import derivation


def loss(input, weights, error):
    return (error * (input + weights)).sum()


def grad(input, weights, error):
    gradient = error  # <- wrong
    return gradient


def grad_fixed(input, weights, error):
    gradient = np.sum(error, axis=1, keepdims=True)
    return gradient


SPEC = dict(wrt="weights", shapes={"input": (4, 3), "weights": (4, 1), "error": (4, 3)})
case = derivation(loss, grad, **SPEC, name="s_bias_16")
CAUSE = "reduction-axis"
FIX = "Sum the error over the batch (columns) to get the outSize x 1 bias gradient: gradient = sum(error, 1)."
