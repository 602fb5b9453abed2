"""A cosine embedding loss for positive pairs, torch: L = mean_n (1 - cos(a_n, b_n));
a, b (N, D) embeddings with N = 5, D = 4.
"""

import torch.nn.functional as F

from verify import derivation


def loss(a, b):
    return (1 - F.cosine_similarity(a, b, dim=1)).mean()


def grad(a, b):
    N = a.shape[0]
    na = a.norm(dim=1, keepdim=True)
    nb = b.norm(dim=1, keepdim=True)
    cos = (a * b).sum(1, keepdim=True) / (na * nb)
    # d cos / da = b / (|a||b|) - cos a / |a|^2, and symmetrically for b
    da = -(b / (na * nb) - cos * a / na ** 2) / N
    db = -(a / (na * nb) - cos * b / na ** 2) / N  # <- wrong
    return da, db


def grad_fixed(a, b):
    N = a.shape[0]
    na = a.norm(dim=1, keepdim=True)
    nb = b.norm(dim=1, keepdim=True)
    cos = (a * b).sum(1, keepdim=True) / (na * nb)
    # d cos / da = b / (|a||b|) - cos a / |a|^2, and symmetrically for b
    da = -(b / (na * nb) - cos * a / na ** 2) / N
    db = -(a / (na * nb) - cos * b / nb ** 2) / N
    return da, db


SPEC = dict(wrt=("a", "b"), shapes={"a": ("N", "D"), "b": ("N", "D")}, draws={},
            sizes={"N": 5, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_cosine_01")
CAUSE = "wrong-operand"
FIX = "By symmetry d cos / db = a / (|a||b|) - cos b / |b|^2, with nb where na was copied."
