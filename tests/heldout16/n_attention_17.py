"""Single-head scaled dot-product self-attention, torch tensor math:
S = Q K^T / sqrt(E), P = softmax(S) row by row, O = P V, L = sum(G * O);
Q, K, V, G (T, E); T = 4 positions, E = 3 features.
"""

import math

import torch

from verify import derivation


def loss(Q, K, V, G):
    S = Q @ K.T / math.sqrt(Q.shape[1])
    return (G * (torch.softmax(S, dim=-1) @ V)).sum()


def grad(Q, K, V, G):
    scale = 1.0 / math.sqrt(Q.shape[1])
    P = torch.softmax(Q @ K.T * scale, dim=-1)      # (T, T)
    dV = P.T @ G
    dP = G @ V.T
    dS = P * (dP - (dP * P).sum(dim=-1, keepdim=True))   # softmax backward, row by row
    dQ = dS @ K * scale
    dK = dS @ Q * scale  # <- wrong
    return dQ, dK, dV


def grad_fixed(Q, K, V, G):
    scale = 1.0 / math.sqrt(Q.shape[1])
    P = torch.softmax(Q @ K.T * scale, dim=-1)      # (T, T)
    dV = P.T @ G
    dP = G @ V.T
    dS = P * (dP - (dP * P).sum(dim=-1, keepdim=True))   # softmax backward, row by row
    dQ = dS @ K * scale
    dK = dS.T @ Q * scale
    return dQ, dK, dV


SPEC = dict(wrt=("Q", "K", "V"), shapes={"Q": ("T", "E"), "K": ("T", "E"), "V": ("T", "E"), "G": ("T", "E")},
            sizes={"T": 4, "E": 3})
case = derivation(loss, grad, **SPEC, name="n_attention_17")
CAUSE = "transpose"
FIX = "S = Q K^T puts the keys on the columns of S, so dK = dS.T @ Q * scale."
