"""The cosine distance between two vectors, pure Python:
L = 1 - a . b / (||a|| ||b||); a (D,), b (D,) with D = 4; the gradients are asked as (da, db).
"""

import math

import torch.nn.functional as F

from verify import derivation


def loss(a, b):
    return 1 - F.cosine_similarity(a, b, dim=0, eps=0.0)


def grad(a, b):
    av, bv = a.tolist(), b.tolist()
    dot = sum(x * y for x, y in zip(av, bv, strict=True))
    na = math.sqrt(sum(x * x for x in av))
    nb = math.sqrt(sum(y * y for y in bv))
    cos = dot / (na * nb)
    da = [-(y / (na * nb) - cos * x / na ** 2) for x, y in zip(av, bv, strict=True)]
    db = [-(x / (na * nb) - cos * y / nb ** 2) for x, y in zip(av, bv, strict=True)]
    return db, da  # <- wrong


def grad_fixed(a, b):
    av, bv = a.tolist(), b.tolist()
    dot = sum(x * y for x, y in zip(av, bv, strict=True))
    na = math.sqrt(sum(x * x for x in av))
    nb = math.sqrt(sum(y * y for y in bv))
    cos = dot / (na * nb)
    da = [-(y / (na * nb) - cos * x / na ** 2) for x, y in zip(av, bv, strict=True)]
    db = [-(x / (na * nb) - cos * y / nb ** 2) for x, y in zip(av, bv, strict=True)]
    return da, db


SPEC = dict(wrt=("a", "b"), shapes={"a": ("D",), "b": ("D",)}, draws={}, sizes={"D": 4})
case = derivation(loss, grad, **SPEC, name="m_cosine_01")
CAUSE = "return-order"
FIX = "Return the gradients in the order of wrt: da, then db."
