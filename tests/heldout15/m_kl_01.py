"""KL divergence from a target distribution to a softmax, torch:
q = softmax(z), p = P / sum_c P, L = 1/N sum_n sum_c p log(p / q) (kl_div, batchmean);
z (N, C), P (N, C) positive.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(z, P):
    p = P / P.sum(dim=1, keepdim=True)
    return F.kl_div(F.log_softmax(z, dim=1), p, reduction="batchmean")


def grad(z, P):
    N = z.shape[0]
    p = P / P.sum(dim=1, keepdim=True)
    e = torch.exp(z - z.max(dim=1, keepdim=True).values)
    q = e / e.sum(dim=1, keepdim=True)
    dz = (p - q) / N  # <- wrong
    return dz


def grad_fixed(z, P):
    N = z.shape[0]
    p = P / P.sum(dim=1, keepdim=True)
    e = torch.exp(z - z.max(dim=1, keepdim=True).values)
    q = e / e.sum(dim=1, keepdim=True)
    dz = (q - p) / N
    return dz


SPEC = dict(wrt="z", shapes={"z": ("N", "C"), "P": ("N", "C")},
            draws={"P": "positive"}, sizes={"N": 4, "C": 5})
case = derivation(loss, grad, **SPEC, name="m_kl_01")
CAUSE = "sign"
FIX = "d KL(p || softmax(z)) / dz = q - p (over N), not p - q."
