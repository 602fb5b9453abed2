"""Two stacked 1-D convolutions (cross-correlation, valid, one channel) with a tanh between,
numpy with loops: a = tanh(conv(x, k1)), y = conv(a, k2), L = sum(G * y);
x (4, 10), k1 (3,), k2 (3,), G (4, 6).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, k1, k2, G):
    a = torch.tanh(F.conv1d(x[:, None, :], k1[None, None, :]))
    y = F.conv1d(a, k2[None, None, :])[:, 0, :]
    return (G * y).sum()


def conv(x, k):
    out = np.zeros((x.shape[0], x.shape[1] - len(k) + 1), dtype=x.dtype)
    for j in range(len(k)):
        out += k[j] * x[:, j:j + out.shape[1]]
    return out


def grad(x, k1, k2, G):
    a = np.tanh(conv(x, k1))
    dy = G
    L2 = dy.shape[1]
    dk2 = np.array([np.sum(dy * a[:, j:j + L2]) for j in range(len(k2))])
    da = np.zeros_like(a)
    for j in range(len(k2)):
        da[:, j:j + L2] += k1[j] * dy  # <- wrong
    dz = da * (1 - a ** 2)
    L1 = dz.shape[1]
    dk1 = np.array([np.sum(dz * x[:, j:j + L1]) for j in range(len(k1))])
    return dk1, dk2


def grad_fixed(x, k1, k2, G):
    a = np.tanh(conv(x, k1))
    dy = G
    L2 = dy.shape[1]
    dk2 = np.array([np.sum(dy * a[:, j:j + L2]) for j in range(len(k2))])
    da = np.zeros_like(a)
    for j in range(len(k2)):
        da[:, j:j + L2] += k2[j] * dy
    dz = da * (1 - a ** 2)
    L1 = dz.shape[1]
    dk1 = np.array([np.sum(dz * x[:, j:j + L1]) for j in range(len(k1))])
    return dk1, dk2


SPEC = dict(wrt=("k1", "k2"), shapes={"x": (4, 10), "k1": (3,), "k2": (3,), "G": (4, 6)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_conv_01")
CAUSE = "wrong-layer"
FIX = "The gradient into a comes back through the second layer's kernel k2."
