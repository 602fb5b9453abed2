"""Hand-derived gradient of a two-layer ReLU MLP (kvfrans/notes, 2-training-neural-networks/backpropagation.ipynb, manual_grad).

Source: https://github.com/kvfrans/notes/issues/5 ("Issue on page /2-training-neural-networks/backpropagation.html").
The notes derive the gradient of h4 = W2 relu(W1 x + b1) under the mean squared error by hand
and compare it with jax.grad (for W1 only). Samples are columns: x is (16, N), y is (1, N).
d_h4 already carries the 1 / N of jnp.mean, but the bias gradient then takes another mean over
the batch, jnp.mean(d_h2, axis=1), where the bias, added to every column, needs the sum; the
reporter checked in colab that jnp.sum matches jax.grad. Translated from jax.numpy to numpy.
Loss: mean((W2 relu(W1 x + b1) - y)^2); W1 (8, 4), b1 (8,), W2 (1, 8), x (4, 5), y (1, 5).
"""

import numpy as np
import torch

from verify import derivation


def loss(W1, b1, W2, x, y):
    h1 = W1 @ x
    h2 = h1 + b1[:, None]
    h3 = h2 * (h2 > 0)
    h4 = W2 @ h3
    return torch.mean(torch.square(h4 - y))


def grad(W1, b1, W2, x, y):
    data_input, data_output = x, y
    h1 = W1 @ data_input
    h2 = h1 + b1[:, None]
    h3 = h2 * (h2 > 0)
    h4 = W2 @ h3

    d_h4 = 2 * (h4 - data_output) / data_output.shape[1]
    d_h3 = W2.T @ d_h4
    d_h2 = d_h3 * (h2 > 0)
    d_h1 = d_h2

    d_W2 = d_h4 @ h3.T
    d_b1 = np.mean(d_h2, axis=1)  # <- wrong
    d_W1 = d_h1 @ data_input.T

    return [d_W1, d_b1, d_W2]


def grad_fixed(W1, b1, W2, x, y):
    data_input, data_output = x, y
    h1 = W1 @ data_input
    h2 = h1 + b1[:, None]
    h3 = h2 * (h2 > 0)
    h4 = W2 @ h3

    d_h4 = 2 * (h4 - data_output) / data_output.shape[1]
    d_h3 = W2.T @ d_h4
    d_h2 = d_h3 * (h2 > 0)
    d_h1 = d_h2

    d_W2 = d_h4 @ h3.T
    d_b1 = np.sum(d_h2, axis=1)
    d_W1 = d_h1 @ data_input.T

    return [d_W1, d_b1, d_W2]


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"W1": (8, 4), "b1": (8,), "W2": (1, 8), "x": (4, 5), "y": (1, 5)})
case = derivation(loss, grad, **SPEC, name="u_mlp_01")
CAUSE = "batch-mean"
FIX = "Sum the hidden delta over the batch columns for the bias, d_b1 = jnp.sum(d_h2, axis=1), since d_h4 already holds the 1/N of the mean."
