"""A softmax classifier fitted to soft targets with the KL divergence, torch:
q = softmax(x W), p = softmax(a) (the target distribution),
L = kl_div(log q, p, batchmean) = 1/N sum_n sum_c p log(p / q);
x (N, D), W (D, C), a (N, C); N = 5, D = 4, C = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W, a):
    p = torch.softmax(a, dim=1)
    return F.kl_div(F.log_softmax(x @ W, dim=1), p, reduction="batchmean")


def grad(x, W, a):
    p = torch.softmax(a, dim=1)
    q = torch.softmax(x @ W, dim=1)
    N = x.shape[0]
    # d/dz of sum_c p_c (log p_c - log q_c) is q - p (p sums to one)
    dz = (p - q) / N  # <- wrong
    return x.T @ dz


def grad_fixed(x, W, a):
    p = torch.softmax(a, dim=1)
    q = torch.softmax(x @ W, dim=1)
    N = x.shape[0]
    # d/dz of sum_c p_c (log p_c - log q_c) is q - p (p sums to one)
    dz = (q - p) / N
    return x.T @ dz


SPEC = dict(wrt="W", shapes={"x": ("N", "D"), "W": ("D", "C"), "a": ("N", "C")},
            sizes={"N": 5, "D": 4, "C": 3})
case = derivation(loss, grad, **SPEC, name="n_kl_06")
CAUSE = "sign"
FIX = "The divergence decreases as q approaches p, so dL/dz = (q - p) / N, not (p - q) / N."
