"""Skip-gram with negative sampling for one centre word, numpy with a loop over the samples:
L = -log sigmoid(u_0 . v) - sum_{k >= 1} log sigmoid(-u_k . v), u_0 the true context, u_k negatives;
v (D,), U (K, D), D = 6, K = 5.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(v, U):
    s = U @ v
    return -F.logsigmoid(s[0]) - F.logsigmoid(-s[1:]).sum()


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def grad(v, U):
    v, U = np.asarray(v), np.asarray(U)
    g_pos = sigmoid(U[0] @ v) - 1.0
    dv = g_pos * U[0]
    dU = np.zeros_like(U)
    dU[0] = g_pos * v
    for k in range(1, U.shape[0]):
        s = sigmoid(U[k] @ v)
        dv += s * U[k]
        dU[k] = s * U[k]  # <- wrong
    return dv, dU


def grad_fixed(v, U):
    v, U = np.asarray(v), np.asarray(U)
    g_pos = sigmoid(U[0] @ v) - 1.0
    dv = g_pos * U[0]
    dU = np.zeros_like(U)
    dU[0] = g_pos * v
    for k in range(1, U.shape[0]):
        s = sigmoid(U[k] @ v)
        dv += s * U[k]
        dU[k] = s * v
    return dv, dU


SPEC = dict(wrt=("v", "U"), shapes={"v": ("D",), "U": ("K", "D")},
            draws={}, sizes={"D": 6, "K": 5})
case = derivation(loss, grad, **SPEC, name="m_w2v_01")
CAUSE = "wrong-operand"
FIX = "The score u_k . v differentiated in u_k gives v: dU[k] = s * v."
