"""Distillation-style softmax cross-entropy at temperature T in torch, without autograd:
p = softmax(z / T), L = -1/N sum_n log p[n, t_n]; z (N, C), t (N,) labels.
"""

import torch
import torch.nn.functional as F

from verify import derivation

T = 1.5


def loss(z, t):
    return F.cross_entropy(z / T, t)


def grad(z, t):
    N = z.shape[0]
    p = torch.softmax(z / T, dim=1)
    p[torch.arange(N), t] -= 1
    dz = p / N  # <- wrong
    return dz


def grad_fixed(z, t):
    N = z.shape[0]
    p = torch.softmax(z / T, dim=1)
    p[torch.arange(N), t] -= 1
    dz = p / (N * T)
    return dz


SPEC = dict(wrt="z", shapes={"z": ("N", "C"), "t": ("N",)}, sizes={"N": 4, "C": 5},
            draws={"t": ("labels", "C")})
case = derivation(loss, grad, **SPEC, name="l_softmax_09")
CAUSE = "wrong-coefficient"
FIX = "The logits are divided by T, so the chain rule divides the gradient by T as well."
