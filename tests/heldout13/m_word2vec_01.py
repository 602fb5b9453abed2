"""Skip-gram with negative sampling for one centre word, numpy:
s = U v, L = -log sigma(s_0) - sum_{k >= 1} log sigma(-s_k);
v (D,) the centre vector, U (K, D) the context row 0 and K - 1 negatives, with K = D = 4.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(v, U):
    s = U @ v
    return -(F.logsigmoid(s[:1]).sum() + F.logsigmoid(-s[1:]).sum())


def grad(v, U):
    v, U = np.asarray(v), np.asarray(U)
    s = U @ v
    sign = -np.ones_like(s)
    sign[0] = 1.0
    g = -sign / (1.0 + np.exp(sign * s))
    dv = (g[:, None] * U).sum(axis=1)  # <- wrong
    dU = g[:, None] * v[None, :]
    return dv, dU


def grad_fixed(v, U):
    v, U = np.asarray(v), np.asarray(U)
    s = U @ v
    sign = -np.ones_like(s)
    sign[0] = 1.0
    g = -sign / (1.0 + np.exp(sign * s))
    dv = (g[:, None] * U).sum(axis=0)
    dU = g[:, None] * v[None, :]
    return dv, dU


SPEC = dict(wrt=("v", "U"), shapes={"v": ("D",), "U": ("K", "D")}, draws={},
            sizes={"K": 4, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_word2vec_01")
CAUSE = "reduction-axis"
FIX = "The centre vector collects g_k u_k over the K context rows, a sum over axis 0."
