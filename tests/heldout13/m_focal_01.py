"""Softmax focal loss with gamma = 2 over integer labels, torch:
p = softmax(z_n)[y_n], L = 1/N sum_n -(1 - p)^2 log p; z (N, C), y (N,) with N = C = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(z, y):
    logp = torch.log_softmax(z, dim=1).gather(1, y[:, None]).squeeze(1)
    return (-(1 - logp.exp()) ** 2 * logp).mean()


def grad(z, y):
    N, C = z.shape
    s = torch.softmax(z, dim=1)
    onehot = F.one_hot(y, C).to(z.dtype)
    p = (s * onehot).sum(1)
    dl_dp = 2 * (1 - p) * torch.log(p) - (1 - p) ** 2 / p
    dl_dp = dl_dp / C  # <- wrong
    dz = (dl_dp * p)[:, None] * (onehot - s)
    return dz


def grad_fixed(z, y):
    N, C = z.shape
    s = torch.softmax(z, dim=1)
    onehot = F.one_hot(y, C).to(z.dtype)
    p = (s * onehot).sum(1)
    dl_dp = 2 * (1 - p) * torch.log(p) - (1 - p) ** 2 / p
    dl_dp = dl_dp / N
    dz = (dl_dp * p)[:, None] * (onehot - s)
    return dz


SPEC = dict(wrt="z", shapes={"z": ("N", "C"), "y": ("N",)}, draws={"y": ("labels", 3)},
            sizes={"N": 3, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_focal_01")
CAUSE = "wrong-divisor"
FIX = "The focal loss averages over the N examples, so dl_dp is divided by N, not by C."
