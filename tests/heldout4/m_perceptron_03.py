"""A sigmoid layer in column-vector form, numpy: a = W x, o = sigma(a), loss = torch's
F.mse_loss(o, t), the MEAN over the K outputs with no 1/2; W (K, D), x (D, 1), t (K, 1),
K = 4, D = 5.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(W, x, t):
    o = torch.sigmoid(W @ x)
    return F.mse_loss(o, t)


def grad(W, x, t):
    a = W @ x
    o = 1 / (1 + np.exp(-a))
    do = o - t  # <- wrong
    da = do * o * (1 - o)
    return da @ x.T


def grad_fixed(W, x, t):
    a = W @ x
    o = 1 / (1 + np.exp(-a))
    do = 2 * (o - t) / o.size
    da = do * o * (1 - o)
    return da @ x.T


SPEC = dict(numpy=True, wrt="W", shapes={"W": (4, 5), "x": (5, 1), "t": (4, 1)}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_perceptron_03")
CAUSE = "mse-convention"
FIX = "mse_loss is the mean of squares without 1/2, so dloss/do = 2 (o - t) / K, not the 1/2-sum (o - t)."
