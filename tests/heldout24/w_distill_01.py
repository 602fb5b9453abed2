"""Knowledge distillation with temperature T = 2 and Hinton's T^2 factor:
Q = softmax(teacher / T), P = softmax(Z / T), L = T^2 (1/N) sum_n sum_c -Q_nc log P_nc;
Z (4, 5) student logits, teacher (4, 5).
"""

import torch

from verify import derivation

T = 2.0


def loss(Z, teacher):
    Q = torch.softmax(teacher / T, dim=1)
    return T ** 2 * -(Q * torch.log_softmax(Z / T, dim=1)).sum(dim=1).mean()


def grad(Z, teacher):
    N = Z.shape[0]
    Q = torch.softmax(teacher / T, dim=1)
    P = torch.softmax(Z / T, dim=1)
    dZ = T ** 2 * (P - Q) / N  # <- wrong
    return dZ


def grad_fixed(Z, teacher):
    N = Z.shape[0]
    Q = torch.softmax(teacher / T, dim=1)
    P = torch.softmax(Z / T, dim=1)
    dZ = T * (P - Q) / N
    return dZ


SPEC = dict(wrt="Z", shapes={"Z": (4, 5), "teacher": (4, 5)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="w_distill_01")
CAUSE = "wrong-coefficient"
FIX = "The logits are divided by T inside the softmax, so the T^2 factor becomes T in dZ = T (P - Q) / N."
