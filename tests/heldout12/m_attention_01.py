"""Single-head scaled dot-product self-attention, checked through an upstream gradient, torch:
S = Q K^T / sqrt(d), A = softmax(S) over keys, O = A V, E = sum(G * O);
Q (T, d), K (T, d), V (T, e), G (T, e), with T = 4, d = 3, e = 2.
"""

import torch

from verify import derivation


def loss(Q, K, V, G):
    S = Q @ K.T / Q.shape[1] ** 0.5
    return (G * (torch.softmax(S, dim=1) @ V)).sum()


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
            shapes={"Q": ("T", "d"), "K": ("T", "d"), "V": ("T", "e"), "G": ("T", "e")},
            draws={}, sizes={"T": 4, "d": 3, "e": 2})
case = derivation(loss, grad, **SPEC, name="m_attention_01")
CAUSE = "transpose"
FIX = "Keys index the columns of S, so dK = dS^T Q / sqrt(d)."
