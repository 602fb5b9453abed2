"""Cosine embedding loss between two batches of vectors, torch.

c_i = a_i . b_i / (|a_i| |b_i|), L = mean_i (1 - c_i); a (3, 5), b (3, 5).
Gradients with respect to a and b.
Mistake: dL/da is written as +dc/da / N, forgetting the minus that 1 - c puts in front.
"""

import torch.nn.functional as F

from verify import derivation


def loss(a, b):
    return (1 - F.cosine_similarity(a, b, dim=1)).mean()


def grad(a, b):
    N = a.shape[0]
    na = a.norm(dim=1, keepdim=True)
    nb = b.norm(dim=1, keepdim=True)
    cos = (a * b).sum(dim=1, keepdim=True) / (na * nb)
    dcos_da = b / (na * nb) - cos * a / na ** 2
    dcos_db = a / (na * nb) - cos * b / nb ** 2
    da = dcos_da / N  # <- wrong
    db = -dcos_db / N
    return da, db


def grad_fixed(a, b):
    N = a.shape[0]
    na = a.norm(dim=1, keepdim=True)
    nb = b.norm(dim=1, keepdim=True)
    cos = (a * b).sum(dim=1, keepdim=True) / (na * nb)
    dcos_da = b / (na * nb) - cos * a / na ** 2
    dcos_db = a / (na * nb) - cos * b / nb ** 2
    da = -dcos_da / N
    db = -dcos_db / N
    return da, db


SPEC = dict(wrt=("a", "b"), shapes={"a": ("N", "D"), "b": ("N", "D")}, sizes={"N": 3, "D": 5})
case = derivation(loss, grad, **SPEC, name="t_cosine_05")
CAUSE = "sign"
FIX = "L = 1 - cos, so dL/da = -dcos/da / N: the minus sign of 1 - cos must be kept."
