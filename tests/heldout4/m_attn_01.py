"""Scaled attention scores, torch: S = Q K^T / sqrt(d), loss = sum(dS * S) for a given
upstream gradient dS; Q (T, d), K (T, d), dS (T, T), T = 5, d = 4. Gradients of Q and K.
"""

import math

from verify import derivation


def loss(Q, K, dS):
    return (dS * (Q @ K.T / math.sqrt(Q.shape[-1]))).sum()


def grad(Q, K, dS):
    scale = 1 / math.sqrt(Q.shape[-1])
    dQ = dS @ Q * scale  # <- wrong
    dK = dS.T @ Q * scale
    return dQ, dK


def grad_fixed(Q, K, dS):
    scale = 1 / math.sqrt(Q.shape[-1])
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    return dQ, dK


SPEC = dict(wrt=("Q", "K"), shapes={"Q": ("T", "d"), "K": ("T", "d"), "dS": ("T", "T")},
            sizes={"T": 5, "d": 4})
case = derivation(loss, grad, **SPEC, name="m_attn_01")
CAUSE = "wrong-operand"
FIX = "S is linear in Q with K as the other factor, so dQ = dS K / sqrt(d), not dS Q / sqrt(d)."
