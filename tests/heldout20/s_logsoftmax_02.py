"""Backward of mlpack's LogSoftMax layer (src/mlpack/methods/ann/layer/log_softmax_impl.hpp).

Source: https://github.com/mlpack/mlpack/issues/3468 (fixed by https://github.com/mlpack/mlpack/pull/3469;
first reported as https://github.com/mlpack/mlpack/issues/2360). The backward pass was
    g = arma::exp(input) + gy;
where `input` is the layer's output y = log_softmax(x). That is only right when sum(gy) = -1 per
column, which happens to hold when the layer feeds mlpack's NegativeLogLikelihood loss (gy = -onehot),
so training looked fine, but a Jacobian test against any other upstream gradient failed. The fix is
    g = gy - exp(output) % repmat(sum(gy), output.n_rows, 1);
i.e. the softmax term must be scaled by -sum(gy) of its column. mlpack stores one sample per column.
Loss: sum(gy * log_softmax(x, dim=0)); x, gy (5, 3) = (classes, batch).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, gy):
    return (gy * torch.log_softmax(x, dim=0)).sum()


def forward(x):
    max_input = np.tile(np.max(x, axis=0), (x.shape[0], 1))
    output = x - max_input
    return x - (max_input + np.log(np.sum(np.exp(output), axis=0)))


def grad(x, gy):
    output = forward(x)
    g = np.exp(output) + gy  # <- wrong
    return g


def grad_fixed(x, gy):
    output = forward(x)
    g = gy - np.exp(output) * np.tile(np.sum(gy, axis=0), (output.shape[0], 1))
    return g


SPEC = dict(wrt="x", shapes={"x": (5, 3), "gy": (5, 3)})
case = derivation(loss, grad, **SPEC, name="s_logsoftmax_02")
CAUSE = "wrong-coefficient"
FIX = "Scale the softmax term by the negated column sum of gy: g = gy - exp(output) * sum(gy, axis=0)."
