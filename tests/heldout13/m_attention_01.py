"""Single-head scaled dot-product attention under an upstream gradient, torch:
S = Q K^T / sqrt(E), A = softmax_rows(S), O = A V, L = sum(G * O);
Q, K, V, G (T, E) with T = 4, E = 3.
"""

import torch

from verify import derivation


def loss(Q, K, V, G):
    A = torch.softmax(Q @ K.T / Q.shape[1] ** 0.5, dim=1)
    return (G * (A @ V)).sum()


def grad(Q, K, V, G):
    scale = Q.shape[1] ** -0.5
    S = Q @ K.T * scale
    A = torch.softmax(S, dim=1)
    dV = A.T @ G
    dA = G @ V.T
    dS = A * (dA - (dA * A).sum(dim=1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS @ Q * scale  # <- wrong
    return dQ, dK, dV


def grad_fixed(Q, K, V, G):
    scale = Q.shape[1] ** -0.5
    S = Q @ K.T * scale
    A = torch.softmax(S, dim=1)
    dV = A.T @ G
    dA = G @ V.T
    dS = A * (dA - (dA * A).sum(dim=1, keepdim=True))
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    return dQ, dK, dV


SPEC = dict(wrt=("Q", "K", "V"),
            shapes={"Q": ("T", "E"), "K": ("T", "E"), "V": ("T", "E"), "G": ("T", "E")},
            draws={}, sizes={"T": 4, "E": 3})
case = derivation(loss, grad, **SPEC, name="m_attention_01")
CAUSE = "transpose"
FIX = "Keys receive the score gradient by columns: dK = dS^T Q / sqrt(E)."
