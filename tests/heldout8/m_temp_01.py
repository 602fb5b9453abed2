"""Knowledge distillation at temperature tau with the usual tau^2 scaling, torch:
S = X W, L = tau^2 kl_div(log_softmax(S / tau), softmax(Tl / tau), reduction="batchmean"), tau = 3;
X (N, D), W (D, C), Tl (N, C) teacher logits, N = 6, D = 4, C = 5.
"""

import torch
import torch.nn.functional as F

from verify import derivation

TAU = 3.0


def loss(X, Tl, W):
    log_q = F.log_softmax(X @ W / TAU, dim=1)
    return TAU ** 2 * F.kl_div(log_q, F.softmax(Tl / TAU, dim=1), reduction="batchmean")


def grad(X, Tl, W):
    N = X.shape[0]
    Q = torch.softmax(X @ W / TAU, dim=1)
    P = torch.softmax(Tl / TAU, dim=1)
    dS = TAU ** 2 * (Q - P) / N  # <- wrong
    return X.T @ dS


def grad_fixed(X, Tl, W):
    N = X.shape[0]
    Q = torch.softmax(X @ W / TAU, dim=1)
    P = torch.softmax(Tl / TAU, dim=1)
    dS = TAU * (Q - P) / N
    return X.T @ dS


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "Tl": ("N", "C"), "W": ("D", "C")},
            draws={}, sizes={"N": 6, "D": 4, "C": 5})
case = derivation(loss, grad, **SPEC, name="m_temp_01")
CAUSE = "wrong-coefficient"
FIX = "The logits enter as S / tau, which takes one tau off the tau^2: dS = tau (Q - P) / N."
