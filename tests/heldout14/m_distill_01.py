"""Knowledge-distillation loss at temperature T = 2, scaled by T^2, averaged over the batch,
numpy: p = softmax(z / T), q = softmax(v / T) (teacher), L = -(T^2 / N) sum_n sum_k q_nk log p_nk;
z (N, C) student logits, v (N, C) teacher logits.
"""

import numpy as np
import torch

from verify import derivation

TEMP = 2.0


def loss(z, v):
    q = torch.softmax(v / TEMP, dim=1)
    logp = torch.log_softmax(z / TEMP, dim=1)
    return -(TEMP ** 2) * (q * logp).sum() / z.shape[0]


def softmax(a):
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def grad(z, v):
    n = z.shape[0]
    p = softmax(z / TEMP)
    q = softmax(v / TEMP)
    dz = TEMP ** 2 * (p - q) / n  # <- wrong
    return dz


def grad_fixed(z, v):
    n = z.shape[0]
    p = softmax(z / TEMP)
    q = softmax(v / TEMP)
    dz = TEMP * (p - q) / n
    return dz


SPEC = dict(wrt="z", shapes={"z": ("N", "C"), "v": ("N", "C")}, draws={},
            sizes={"N": 3, "C": 4})
case = derivation(loss, grad, **SPEC, name="m_distill_01")
CAUSE = "wrong-coefficient"
FIX = "The softmax of z / T contributes a factor 1 / T, so dz = T^2 (p - q) / (T N) = T (p - q) / N."
