"""KL divergence to a target distribution, numpy backward:
P = softmax(a), Q = softmax(z), L = (1/N) sum_n KL(P_n || Q_n) (reduction batchmean);
z, a (N, C) with N = 6, C = 5; the gradient is taken with respect to the logits z.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(z, a):
    return F.kl_div(F.log_softmax(z, dim=1), F.softmax(a, dim=1), reduction="batchmean")


def _softmax(v):
    e = np.exp(v - v.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def grad(z, a):
    z, a = np.asarray(z), np.asarray(a)
    N = z.shape[0]
    P = _softmax(a)
    Q = _softmax(z)
    dz = (P - Q) / N  # <- wrong
    return dz


def grad_fixed(z, a):
    z, a = np.asarray(z), np.asarray(a)
    N = z.shape[0]
    P = _softmax(a)
    Q = _softmax(z)
    dz = (Q - P) / N
    return dz


SPEC = dict(wrt="z", shapes={"z": ("N", "C"), "a": ("N", "C")},
            draws={}, sizes={"N": 6, "C": 5})
case = derivation(loss, grad, **SPEC, name="m_kl_01")
CAUSE = "sign"
FIX = "d KL(P || softmax(z)) / dz = Q - P, not P - Q."
