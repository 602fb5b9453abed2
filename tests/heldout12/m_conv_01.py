"""A one-channel 1-D convolution ('same' padding) regressed on targets, numpy:
out[n, t] = sum_k w_k xpad[n, t + k] + b, L = 1/(2N) sum_{n,t} (out[n, t] - y[n, t])^2;
x (N, T), y (N, T), w (3,), b (1,), with N = 3, T = 6.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, w, b, y):
    out = F.conv1d(x[:, None, :], w.reshape(1, 1, -1), padding=1)[:, 0, :] + b
    return ((out - y) ** 2).sum() / (2 * x.shape[0])


def grad(x, w, b, y):
    x, w, b, y = (np.asarray(a) for a in (x, w, b, y))
    N, T = x.shape
    K = w.shape[0]
    xpad = np.pad(x, ((0, 0), (1, 1)))
    out = np.zeros((N, T)) + b
    for k in range(K):
        out += w[k] * xpad[:, k:k + T]
    dout = out - y  # <- wrong
    dw = np.array([(dout * xpad[:, k:k + T]).sum() for k in range(K)])
    db = np.array([dout.sum()])
    return dw, db


def grad_fixed(x, w, b, y):
    x, w, b, y = (np.asarray(a) for a in (x, w, b, y))
    N, T = x.shape
    K = w.shape[0]
    xpad = np.pad(x, ((0, 0), (1, 1)))
    out = np.zeros((N, T)) + b
    for k in range(K):
        out += w[k] * xpad[:, k:k + T]
    dout = (out - y) / N
    dw = np.array([(dout * xpad[:, k:k + T]).sum() for k in range(K)])
    db = np.array([dout.sum()])
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"x": ("N", "T"), "w": (3,), "b": (1,), "y": ("N", "T")},
            draws={}, sizes={"N": 3, "T": 6})
case = derivation(loss, grad, **SPEC, name="m_conv_01")
CAUSE = "batch-mean"
FIX = "The loss averages over the N examples, so the upstream gradient is (out - y) / N."
