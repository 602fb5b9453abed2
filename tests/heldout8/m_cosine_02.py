"""The cosine similarity of two vectors, gradients written element by element in Python:
L = cos(a, b) = a . b / (|a| |b|), dL/da_i = b_i / (|a| |b|) - cos a_i / |a|^2;
a (5,), b (5,).
"""

import math

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(a, b):
    return F.cosine_similarity(a, b, dim=0)


def grad(a, b):
    a = [float(v) for v in a]
    b = [float(v) for v in b]
    dot = sum(ai * bi for ai, bi in zip(a, b))
    na = math.sqrt(sum(ai * ai for ai in a))
    nb = math.sqrt(sum(bi * bi for bi in b))
    c = dot / (na * nb)
    ga = [bi / (na * nb) - c * ai / (na * na) for ai, bi in zip(a, b)]
    gb = [ai / (na * nb) - c * bi / (nb * nb) for ai, bi in zip(a, b)]
    return np.array(gb), np.array(ga)  # <- wrong


def grad_fixed(a, b):
    a = [float(v) for v in a]
    b = [float(v) for v in b]
    dot = sum(ai * bi for ai, bi in zip(a, b))
    na = math.sqrt(sum(ai * ai for ai in a))
    nb = math.sqrt(sum(bi * bi for bi in b))
    c = dot / (na * nb)
    ga = [bi / (na * nb) - c * ai / (na * na) for ai, bi in zip(a, b)]
    gb = [ai / (na * nb) - c * bi / (nb * nb) for ai, bi in zip(a, b)]
    return np.array(ga), np.array(gb)


SPEC = dict(wrt=("a", "b"), shapes={"a": (5,), "b": (5,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_cosine_02")
CAUSE = "return-order"
FIX = "wrt is (a, b): return ga first, then gb."
