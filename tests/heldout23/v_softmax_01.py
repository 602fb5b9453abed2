"""Softmax classifier on logits with the mean negative log-likelihood:
p = softmax(z) row-wise, L = -1/N sum_n log p[n, y_n]; z (N, C), y (N,) class indices;
N = 4, C = 4.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(z, y):
    return -torch.log_softmax(z, dim=1)[torch.arange(z.shape[0]), y].mean()


def grad(z, y):
    N, C = z.shape
    p = torch.softmax(z, dim=1)
    Y = F.one_hot(y, C).to(z.dtype)
    dz = (Y - p) / N  # <- wrong
    return dz


def grad_fixed(z, y):
    N, C = z.shape
    p = torch.softmax(z, dim=1)
    Y = F.one_hot(y, C).to(z.dtype)
    dz = (p - Y) / N
    return dz


SPEC = dict(wrt="z", shapes={"z": ("N", "C"), "y": ("N",)}, draws={"y": ("labels", 4)},
            sizes={"N": 4, "C": 4})
case = derivation(loss, grad, **SPEC, name="v_softmax_01")
CAUSE = "sign"
FIX = "The loss is the negative log-likelihood, so dL/dz = (p - Y) / N."
