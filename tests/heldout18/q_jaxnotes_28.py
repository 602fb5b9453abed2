"""kvfrans/notes, 2-training-neural-networks/backpropagation.ipynb, manual_grad; issue #5
(https://github.com/kvfrans/notes/issues/5): "d_b1 = jnp.mean(d_h2, axis=1) should be
d_b1 = jnp.sum(d_h2, axis=1) as we are summing up the gradient influence paths across all datapoints
in the batch" (d_h4 already carries the 1/N of jnp.mean). jnp written as np; the notebook only
compared d_W1 with jax.grad. W1 (4, 3), b1 (4,), W2 (1, 4), x (3, 5), y (1, 5).
"""

import numpy as np
import torch

from verify import derivation


def loss(W1, b1, W2, x, y):
    h2 = W1 @ x + b1[:, None]
    h4 = W2 @ (h2 * (h2 > 0))
    return torch.mean(torch.square(h4 - y))


def grad(W1, b1, W2, x, y):
    h1 = W1 @ x
    h2 = h1 + b1[:, None]
    h3 = h2 * (h2 > 0)
    h4 = W2 @ h3
    d_h4 = 2 * (h4 - y) / y.shape[1]
    d_h3 = W2.T @ d_h4
    d_h2 = d_h3 * (h2 > 0)
    d_h1 = d_h2
    d_W2 = d_h4 @ h3.T
    d_b1 = np.mean(d_h2, axis=1)  # <- wrong
    d_W1 = d_h1 @ x.T
    return d_W1, d_b1, d_W2


def grad_fixed(W1, b1, W2, x, y):
    h1 = W1 @ x
    h2 = h1 + b1[:, None]
    h3 = h2 * (h2 > 0)
    h4 = W2 @ h3
    d_h4 = 2 * (h4 - y) / y.shape[1]
    d_h3 = W2.T @ d_h4
    d_h2 = d_h3 * (h2 > 0)
    d_h1 = d_h2
    d_W2 = d_h4 @ h3.T
    d_b1 = np.sum(d_h2, axis=1)
    d_W1 = d_h1 @ x.T
    return d_W1, d_b1, d_W2


SPEC = dict(wrt=("W1", "b1", "W2"), shapes={"W1": (4, 3), "b1": (4,), "W2": (1, 4), "x": (3, 5), "y": (1, 5)})
case = derivation(loss, grad, **SPEC, name="q_jaxnotes_28")
CAUSE = "batch-mean"
FIX = "d_h4 already holds the 1/N of the mean, so the bias gradient sums over the batch: np.sum(d_h2, axis=1)."
