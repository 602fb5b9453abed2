"""Cosine embedding loss for matching pairs, numpy:
c_n = a_n . b_n / (||a_n|| ||b_n||), L = 1/N sum_n (1 - c_n);
a (3, 3), b (3, 3) (as many pairs as dimensions).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(a, b):
    return (1 - F.cosine_similarity(a, b, dim=1)).mean()


def grad(a, b):
    na = np.linalg.norm(a, axis=1, keepdims=True)
    nb = np.linalg.norm(b, axis=1, keepdims=True)
    cos = np.sum(a * b, axis=1, keepdims=True) / (na * nb)
    dcos = -np.ones((a.shape[0], 1))  # <- wrong
    da = dcos * (b / (na * nb) - cos * a / na ** 2)
    db = dcos * (a / (na * nb) - cos * b / nb ** 2)
    return da, db


def grad_fixed(a, b):
    na = np.linalg.norm(a, axis=1, keepdims=True)
    nb = np.linalg.norm(b, axis=1, keepdims=True)
    cos = np.sum(a * b, axis=1, keepdims=True) / (na * nb)
    dcos = -np.ones((a.shape[0], 1)) / a.shape[0]
    da = dcos * (b / (na * nb) - cos * a / na ** 2)
    db = dcos * (a / (na * nb) - cos * b / nb ** 2)
    return da, db


SPEC = dict(wrt=("a", "b"), shapes={"a": (3, 3), "b": (3, 3)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_cosine_01")
CAUSE = "batch-mean"
FIX = "The loss is a mean over the pairs, so each dc_n is -1/N."
