"""Knowledge distillation with a temperature, numpy backward:
L = T^2 (1/N) sum_n KL(softmax(t_n / T) || softmax(s_n / T)) with T = 4;
student logits s, teacher logits t (N, C) with N = 6, C = 5.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

TEMP = 4.0


def loss(s, t):
    kl = F.kl_div(F.log_softmax(s / TEMP, dim=1), F.softmax(t / TEMP, dim=1),
                  reduction="batchmean")
    return kl * TEMP ** 2


def _softmax(v):
    e = np.exp(v - v.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def grad(s, t):
    s, t = np.asarray(s), np.asarray(t)
    N = s.shape[0]
    p_s = _softmax(s / TEMP)
    p_t = _softmax(t / TEMP)
    ds = TEMP ** 2 * (p_s - p_t) / N  # <- wrong
    return ds


def grad_fixed(s, t):
    s, t = np.asarray(s), np.asarray(t)
    N = s.shape[0]
    p_s = _softmax(s / TEMP)
    p_t = _softmax(t / TEMP)
    ds = TEMP * (p_s - p_t) / N
    return ds


SPEC = dict(wrt="s", shapes={"s": ("N", "C"), "t": ("N", "C")},
            draws={}, sizes={"N": 6, "C": 5})
case = derivation(loss, grad, **SPEC, name="m_distill_01")
CAUSE = "wrong-coefficient"
FIX = "d(s / T)/ds = 1/T cancels one T of T^2: ds = T (p_s - p_t) / N."
