"""Cosine embedding loss for positive pairs, torch:
L = sum_n (1 - cos(a_n, b_n)), cos = a.b / (|a| |b|); a, b (N, D) with N = 5, D = 4;
the gradient is taken with respect to a.
"""

import torch.nn.functional as F

from verify import derivation


def loss(a, b):
    return (1 - F.cosine_similarity(a, b, dim=1)).sum()


def grad(a, b):
    na = a.norm(dim=1, keepdim=True)
    nb = b.norm(dim=1, keepdim=True)
    cos = (a * b).sum(dim=1, keepdim=True) / (na * nb)
    dcos = b / (na * nb) + cos * a / na ** 2  # <- wrong
    return -dcos


def grad_fixed(a, b):
    na = a.norm(dim=1, keepdim=True)
    nb = b.norm(dim=1, keepdim=True)
    cos = (a * b).sum(dim=1, keepdim=True) / (na * nb)
    dcos = b / (na * nb) - cos * a / na ** 2
    return -dcos


SPEC = dict(wrt="a", shapes={"a": ("N", "D"), "b": ("N", "D")},
            draws={}, sizes={"N": 5, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_cosine_01")
CAUSE = "sign"
FIX = "d cos / da = b / (|a||b|) - cos a / |a|^2: the second term is subtracted."
