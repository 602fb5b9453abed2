"""Softmax-with-loss layer: mean cross-entropy of logits z against integer labels,
L = (1/N) sum_n -log softmax(z_n)[y_n]; z (N, C), y (N,) labels; returns dL/dz.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(z, y):
    return F.cross_entropy(z, y)


def grad(z, y):
    N = z.shape[1]  # <- wrong
    p = torch.softmax(z, dim=1)
    dz = p - F.one_hot(y, z.shape[1]).to(p.dtype)
    return dz / N


def grad_fixed(z, y):
    N = z.shape[0]
    p = torch.softmax(z, dim=1)
    dz = p - F.one_hot(y, z.shape[1]).to(p.dtype)
    return dz / N


SPEC = dict(wrt="z", shapes={"z": ("N", "C"), "y": ("N",)}, draws={"y": ("labels", 4)},
            sizes={"N": 3, "C": 4})
case = derivation(loss, grad, **SPEC, name="x_softmax_02")
CAUSE = "wrong-divisor"
FIX = "The mean is over the N rows, so divide by z.shape[0], not by the number of classes."
