"""Single-head softmax attention, numpy: P = softmax(Q K^T / sqrt(d)) row-wise, out = P V,
loss = sum(dout * out); Q, K, V (T, d), dout (T, d), T = 4, d = 3.
Gradients of Q, K, V, in that order.
"""

import numpy as np
import torch

from verify import derivation


def loss(Q, K, V, dout):
    P = torch.softmax(Q @ K.T / np.sqrt(Q.shape[-1]), dim=-1)
    return (dout * (P @ V)).sum()


def attention_backward(Q, K, V, dout):
    scale = 1 / np.sqrt(Q.shape[-1])
    S = Q @ K.T * scale
    P = np.exp(S - S.max(axis=-1, keepdims=True))
    P /= P.sum(axis=-1, keepdims=True)
    dV = P.T @ dout
    dP = dout @ V.T
    dS = P * (dP - (dP * P).sum(axis=-1, keepdims=True))
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    return dQ, dK, dV


def grad(Q, K, V, dout):
    dQ, dK, dV = attention_backward(Q, K, V, dout)
    return dK, dQ, dV  # <- wrong


def grad_fixed(Q, K, V, dout):
    dQ, dK, dV = attention_backward(Q, K, V, dout)
    return dQ, dK, dV


SPEC = dict(numpy=True, wrt=("Q", "K", "V"),
            shapes={"Q": ("T", "d"), "K": ("T", "d"), "V": ("T", "d"), "dout": ("T", "d")},
            sizes={"T": 4, "d": 3})
case = derivation(loss, grad, **SPEC, name="m_attn_02")
CAUSE = "return-order"
FIX = "Return the gradients in the order of wrt, (dQ, dK, dV)."
