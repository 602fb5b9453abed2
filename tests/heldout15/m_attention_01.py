"""Single-head scaled dot-product self-attention, torch:
Q = x Wq, K = x Wk, V = x Wv, A = softmax(Q K^T / sqrt(E)), O = A V, L = sum(dout * O);
x (T, D), Wq, Wk, Wv (D, E), dout (T, E).
"""

import math

import torch

from verify import derivation


def loss(x, Wq, Wk, Wv, dout):
    Q, K, V = x @ Wq, x @ Wk, x @ Wv
    A = torch.softmax(Q @ K.T / math.sqrt(Wq.shape[1]), dim=-1)
    return (dout * (A @ V)).sum()


def grad(x, Wq, Wk, Wv, dout):
    scale = 1.0 / math.sqrt(Wq.shape[1])
    Q, K, V = x @ Wq, x @ Wk, x @ Wv
    S = Q @ K.T * scale
    A = torch.exp(S - S.max(dim=-1, keepdim=True).values)
    A = A / A.sum(dim=-1, keepdim=True)
    dV = A @ dout  # <- wrong
    dA = dout @ V.T
    dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    return x.T @ dQ, x.T @ dK, x.T @ dV


def grad_fixed(x, Wq, Wk, Wv, dout):
    scale = 1.0 / math.sqrt(Wq.shape[1])
    Q, K, V = x @ Wq, x @ Wk, x @ Wv
    S = Q @ K.T * scale
    A = torch.exp(S - S.max(dim=-1, keepdim=True).values)
    A = A / A.sum(dim=-1, keepdim=True)
    dV = A.T @ dout
    dA = dout @ V.T
    dS = A * (dA - (dA * A).sum(dim=-1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    return x.T @ dQ, x.T @ dK, x.T @ dV


SPEC = dict(wrt=("Wq", "Wk", "Wv"),
            shapes={"x": ("T", "D"), "Wq": ("D", "E"), "Wk": ("D", "E"), "Wv": ("D", "E"),
                    "dout": ("T", "E")},
            draws={}, sizes={"T": 4, "D": 3, "E": 2})
case = derivation(loss, grad, **SPEC, name="m_attention_01")
CAUSE = "transpose"
FIX = "O = A V, so dV = A^T dout."
