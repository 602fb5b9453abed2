"""KL divergence between a target distribution and a softmax, torch:
L = kl_div(log_softmax(Z), softmax(A), reduction='batchmean'); Z, A (6, 5).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(Z, A):
    return F.kl_div(F.log_softmax(Z, dim=1), F.softmax(A, dim=1), reduction="batchmean")


def grad(Z, A):
    q = torch.softmax(Z, dim=1)
    p = torch.softmax(A, dim=1)
    dZ = (q - p) / Z.numel()  # <- wrong
    return dZ


def grad_fixed(Z, A):
    q = torch.softmax(Z, dim=1)
    p = torch.softmax(A, dim=1)
    dZ = (q - p) / Z.shape[0]
    return dZ


SPEC = dict(wrt="Z", shapes={"Z": (6, 5), "A": (6, 5)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_kl_01")
CAUSE = "wrong-divisor"
FIX = "reduction='batchmean' divides by the batch size N, not by N * C."
