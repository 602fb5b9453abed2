"""Cosine-similarity loss between two vectors, plain Python: L = 1 - a . b / (|a| |b|);
a (4,), b (4,).
"""

import math

from verify import derivation


def loss(a, b):
    return 1 - (a @ b) / (a.norm() * b.norm())


def grad(a, b):
    a = [float(v) for v in a]
    b = [float(v) for v in b]
    dot = sum(x * y for x, y in zip(a, b))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    cos = dot / (na * nb)
    ga = [-(y / (na * nb) - cos * x / na ** 2) for x, y in zip(a, b)]
    gb = [-(x / (na * nb) - cos * y / nb ** 2) for x, y in zip(a, b)]
    return gb, ga  # <- wrong


def grad_fixed(a, b):
    a = [float(v) for v in a]
    b = [float(v) for v in b]
    dot = sum(x * y for x, y in zip(a, b))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    cos = dot / (na * nb)
    ga = [-(y / (na * nb) - cos * x / na ** 2) for x, y in zip(a, b)]
    gb = [-(x / (na * nb) - cos * y / nb ** 2) for x, y in zip(a, b)]
    return ga, gb


SPEC = dict(wrt=("a", "b"), shapes={"a": (4,), "b": (4,)})
case = derivation(loss, grad, **SPEC, name="p_cosine_45")
CAUSE = "return-order"
FIX = "grad must return (dL/da, dL/db) in wrt's order: return ga, gb."
