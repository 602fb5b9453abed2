"""The cosine embedding loss for similar pairs, torch:
c_i = a_i . b_i / (|a_i| |b_i|), L = 1/N sum_i (1 - c_i); a (N, D), b (N, D).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(a, b):
    return (1 - F.cosine_similarity(a, b, dim=1, eps=1e-12)).mean()


def grad(a, b):
    N = a.shape[0]
    na = torch.sqrt((a * a).sum(dim=1, keepdim=True))
    nb = torch.sqrt((b * b).sum(dim=1, keepdim=True))
    cos = (a * b).sum(dim=1, keepdim=True) / (na * nb)
    dcos_da = b / (na * nb) - cos * b / na ** 2  # <- wrong
    dcos_db = a / (na * nb) - cos * b / nb ** 2
    return -dcos_da / N, -dcos_db / N


def grad_fixed(a, b):
    N = a.shape[0]
    na = torch.sqrt((a * a).sum(dim=1, keepdim=True))
    nb = torch.sqrt((b * b).sum(dim=1, keepdim=True))
    cos = (a * b).sum(dim=1, keepdim=True) / (na * nb)
    dcos_da = b / (na * nb) - cos * a / na ** 2
    dcos_db = a / (na * nb) - cos * b / nb ** 2
    return -dcos_da / N, -dcos_db / N


SPEC = dict(wrt=("a", "b"), shapes={"a": ("N", "D"), "b": ("N", "D")}, draws={},
            sizes={"N": 5, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_cosine_01")
CAUSE = "wrong-operand"
FIX = "d|a|/da = a / |a|, so dcos/da = b / (|a| |b|) - cos a / |a|^2."
