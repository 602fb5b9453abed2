"""A ReLU network with one logit per example, numpy: h = relu(x W1 + b1), s = h w2 + b2,
L = mean binary cross-entropy with logits; x (10, 3), W1 (3, 8), w2 (8,), y (10,) in {0, 1}.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, y, W1, b1, w2, b2):
    s = F.relu(x @ W1 + b1) @ w2 + b2
    return F.binary_cross_entropy_with_logits(s, y.to(s.dtype))


def grad(x, y, W1, b1, w2, b2):
    N = x.shape[0]
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0)
    s = h @ w2 + b2
    p = 1 / (1 + np.exp(-s))
    ds = (p - y) / N
    dw2 = h.T @ ds
    db2 = np.array([ds.sum()])
    dh = np.outer(ds, w2)
    dz1 = dh.copy()
    dz1[z1 > 0] = 0  # <- wrong
    dW1 = x.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dw2, db2


def grad_fixed(x, y, W1, b1, w2, b2):
    N = x.shape[0]
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0)
    s = h @ w2 + b2
    p = 1 / (1 + np.exp(-s))
    ds = (p - y) / N
    dw2 = h.T @ ds
    db2 = np.array([ds.sum()])
    dh = np.outer(ds, w2)
    dz1 = dh.copy()
    dz1[z1 <= 0] = 0
    dW1 = x.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dw2, db2


SPEC = dict(wrt=("W1", "b1", "w2", "b2"),
            shapes={"x": (10, 3), "y": (10,), "W1": (3, 8), "b1": (8,), "w2": (8,),
                    "b2": (1,)},
            draws={"y": ("labels", 2)})
case = derivation(loss, grad, **SPEC, name="m_mlp_08")
CAUSE = "mask"
FIX = "The ReLU passes the gradient where z1 > 0 and blocks it where z1 <= 0."
