"""Self-attention with learned projections in numpy: Q = X Wq, K = X Wk, V = X Wv,
A = softmax_rows(Q K^T / sqrt(d)), O = A V, L = sum(dout * O);
X (T, D) = (4, 5), Wq, Wk, Wv (5, 3), dout (4, 3); wrt X and Wq.
"""

import math

import numpy as np
import torch

from verify import derivation


def loss(X, Wq, Wk, Wv, dout):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    A = torch.softmax(Q @ K.T / math.sqrt(Wq.shape[1]), dim=-1)
    return (dout * (A @ V)).sum()


def grad(X, Wq, Wk, Wv, dout):
    d = Wq.shape[1]
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    S = Q @ K.T / np.sqrt(d)
    A = np.exp(S - S.max(axis=1, keepdims=True))
    A = A / A.sum(axis=1, keepdims=True)
    dV = A.T @ dout
    dA = dout @ V.T
    dS = A * (dA - (dA * A).sum(axis=1, keepdims=True)) / np.sqrt(d)
    dQ = dS @ K
    dK = dS.T @ Q
    dX = dQ @ Wq.T + dV @ Wv.T  # <- wrong
    dWq = X.T @ dQ
    return dX, dWq


def grad_fixed(X, Wq, Wk, Wv, dout):
    d = Wq.shape[1]
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    S = Q @ K.T / np.sqrt(d)
    A = np.exp(S - S.max(axis=1, keepdims=True))
    A = A / A.sum(axis=1, keepdims=True)
    dV = A.T @ dout
    dA = dout @ V.T
    dS = A * (dA - (dA * A).sum(axis=1, keepdims=True)) / np.sqrt(d)
    dQ = dS @ K
    dK = dS.T @ Q
    dX = dQ @ Wq.T + dK @ Wk.T + dV @ Wv.T
    dWq = X.T @ dQ
    return dX, dWq


SPEC = dict(wrt=("X", "Wq"),
            shapes={"X": (4, 5), "Wq": (5, 3), "Wk": (5, 3), "Wv": (5, 3), "dout": (4, 3)})
case = derivation(loss, grad, **SPEC, name="k_attn_03")
CAUSE = "missing-term"
FIX = "X feeds the queries, the keys and the values: dX needs the key path dK @ Wk.T as well."
