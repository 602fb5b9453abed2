"""Knowledge distillation into a linear student, torch, temperature T = 2.5:
S = X W, p = softmax(S / T), q = softmax(Tl / T), L = T^2 / N sum_n KL(q_n || p_n);
X (N, D), W (D, C), Tl (N, C) teacher logits; N = 5, D = 3, C = 4.
"""

import torch

from verify import derivation

TEMP = 2.5


def loss(X, W, Tl):
    logp = torch.log_softmax(X @ W / TEMP, dim=1)
    logq = torch.log_softmax(Tl / TEMP, dim=1)
    kl = (logq.exp() * (logq - logp)).sum(dim=1).mean()
    return TEMP ** 2 * kl


def grad(X, W, Tl):
    N = X.shape[0]
    p = torch.softmax(X @ W / TEMP, dim=1)
    q = torch.softmax(Tl / TEMP, dim=1)
    dS = TEMP ** 2 * (p - q) / N  # <- wrong
    return X.T @ dS


def grad_fixed(X, W, Tl):
    N = X.shape[0]
    p = torch.softmax(X @ W / TEMP, dim=1)
    q = torch.softmax(Tl / TEMP, dim=1)
    dS = TEMP * (p - q) / N
    return X.T @ dS


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "W": ("D", "C"), "Tl": ("N", "C")},
            sizes={"N": 5, "D": 3, "C": 4})
case = derivation(loss, grad, **SPEC, name="p_distill_38")
CAUSE = "wrong-coefficient"
FIX = "The softmax of S / T contributes a 1/T, so T^2 * (p - q) / T = T (p - q): dS = T (p - q) / N."
