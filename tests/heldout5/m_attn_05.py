"""Single-head self-attention with its projections, numpy flat function:
Q = X Wq, K = X Wk, V = X Wv, out = softmax(Q K^T / sqrt(dk)) V; loss = sum(dout * out);
X (6, 5), Wq (5, 4), Wk (5, 4), Wv (5, 7), dout (6, 7).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, Wq, Wk, Wv, dout):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    P = torch.softmax(Q @ K.T / Wq.shape[1] ** 0.5, dim=-1)
    return (dout * (P @ V)).sum()


def grad(X, Wq, Wk, Wv, dout):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    scale = 1.0 / np.sqrt(Wq.shape[1])
    S = Q @ K.T * scale
    P = np.exp(S - S.max(axis=-1, keepdims=True))
    P /= P.sum(axis=-1, keepdims=True)
    dV = P.T @ dout
    dP = dout @ V.T
    dS = P * (dP - (dP * P).sum(axis=-1, keepdims=True))
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    dWq = X.T @ dQ
    dWk = X.T @ dK
    dWv = X.T @ dV
    return dWk, dWq, dWv  # <- wrong


def grad_fixed(X, Wq, Wk, Wv, dout):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    scale = 1.0 / np.sqrt(Wq.shape[1])
    S = Q @ K.T * scale
    P = np.exp(S - S.max(axis=-1, keepdims=True))
    P /= P.sum(axis=-1, keepdims=True)
    dV = P.T @ dout
    dP = dout @ V.T
    dS = P * (dP - (dP * P).sum(axis=-1, keepdims=True))
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    dWq = X.T @ dQ
    dWk = X.T @ dK
    dWv = X.T @ dV
    return dWq, dWk, dWv


SPEC = dict(numpy=True, wrt=("Wq", "Wk", "Wv"),
            shapes={"X": (6, 5), "Wq": (5, 4), "Wk": (5, 4), "Wv": (5, 7), "dout": (6, 7)})
case = derivation(loss, grad, **SPEC, name="m_attn_05")
CAUSE = "return-order"
FIX = "The gradients must come back in the order of wrt: dWq, dWk, dWv."
