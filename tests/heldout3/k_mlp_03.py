"""Two-layer ReLU network in numpy with sigmoid outputs and binary cross-entropy summed over the
outputs and averaged over the batch: h = relu(x W1 + b1), s = h W2 + b2,
L = 1/N sum BCE-with-logits(s, t); x (5, 4), W1 (4, 4), b1 (4,), W2 (4, 4), b2 (4,), t (5, 4):
D = H = K = 4, so both weight matrices are 4 x 4.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, W1, b1, W2, b2, t):
    s = F.relu(x @ W1 + b1) @ W2 + b2
    return F.binary_cross_entropy_with_logits(s, t, reduction="sum") / x.shape[0]


def grad(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0)
    s = h @ W2 + b2
    y = 1 / (1 + np.exp(-s))
    ds = (y - t) / N
    dW2 = h.T @ ds
    db2 = ds.sum(axis=0)
    dh = ds @ W1.T  # <- wrong
    dz1 = dh * (z1 > 0)
    dW1 = x.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0)
    s = h @ W2 + b2
    y = 1 / (1 + np.exp(-s))
    ds = (y - t) / N
    dW2 = h.T @ ds
    db2 = ds.sum(axis=0)
    dh = ds @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = x.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": (5, 4), "W1": (4, 4), "b1": (4,), "W2": (4, 4), "b2": (4,),
                    "t": (5, 4)},
            draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="k_mlp_03")
CAUSE = "wrong-layer"
FIX = "The hidden layer's gradient comes back through the layer above it: dh = ds @ W2.T."
