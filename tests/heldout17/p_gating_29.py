"""Softmax gate over experts' scalar outputs (a tiny mixture of experts), torch:
P = softmax(X Wg) over the E experts of each row, L = sum_n sum_e P[n, e] V[n, e];
X (N, D), Wg (D, E), V (N, E); N = 5, D = 3, E = 4.
"""

import torch

from verify import derivation


def loss(X, Wg, V):
    return (torch.softmax(X @ Wg, dim=1) * V).sum()


def grad(X, Wg, V):
    P = torch.softmax(X @ Wg, dim=1)
    mixed = (P * V).sum(dim=0, keepdim=True)  # <- wrong
    dlogits = P * (V - mixed)
    return X.T @ dlogits, P


def grad_fixed(X, Wg, V):
    P = torch.softmax(X @ Wg, dim=1)
    mixed = (P * V).sum(dim=1, keepdim=True)
    dlogits = P * (V - mixed)
    return X.T @ dlogits, P


SPEC = dict(wrt=("Wg", "V"), shapes={"X": ("N", "D"), "Wg": ("D", "E"), "V": ("N", "E")},
            sizes={"N": 5, "D": 3, "E": 4})
case = derivation(loss, grad, **SPEC, name="p_gating_29")
CAUSE = "reduction-axis"
FIX = "The softmax runs over the experts of each row, so its backward subtracts sum(P * V, dim=1), not a sum over the batch."
