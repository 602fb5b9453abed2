"""Distilling a teacher's soft labels into a linear student with the KL divergence, torch:
Q = softmax(X W), P = softmax(Tl), L = kl_div(log Q, P, reduction="batchmean") = 1/N sum_n KL(P_n || Q_n);
X (N, D), W (D, C), Tl (N, C) teacher logits, N = 6, D = 4, C = 5.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, Tl, W):
    return F.kl_div(F.log_softmax(X @ W, dim=1), F.softmax(Tl, dim=1), reduction="batchmean")


def grad(X, Tl, W):
    N = X.shape[0]
    Q = torch.softmax(X @ W, dim=1)
    P = torch.softmax(Tl, dim=1)
    dS = (P - Q) / N  # <- wrong
    return X.T @ dS


def grad_fixed(X, Tl, W):
    N = X.shape[0]
    Q = torch.softmax(X @ W, dim=1)
    P = torch.softmax(Tl, dim=1)
    dS = (Q - P) / N
    return X.T @ dS


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "Tl": ("N", "C"), "W": ("D", "C")},
            draws={}, sizes={"N": 6, "D": 4, "C": 5})
case = derivation(loss, grad, **SPEC, name="m_kl_01")
CAUSE = "sign"
FIX = "KL(P || softmax(S)) differentiates in S to Q - P, not P - Q."
