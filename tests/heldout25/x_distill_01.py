"""Knowledge-distillation loss at temperature T = 2: KL divergence from the teacher's softened
distribution to the student's, averaged over the batch:
p = softmax(z / T), q = softmax(s / T), L = (1/N) sum_n KL(q_n || p_n); z (N, C) student logits,
s (N, C) teacher logits.
"""

import torch
import torch.nn.functional as F

from verify import derivation

TEMP = 2.0


def loss(z, s):
    return F.kl_div(F.log_softmax(z / TEMP, dim=1), F.softmax(s / TEMP, dim=1), reduction="batchmean")


def grad(z, s):
    N = z.shape[0]
    p = torch.softmax(z / TEMP, dim=1)
    q = torch.softmax(s / TEMP, dim=1)
    dz = (p - q) / N  # <- wrong
    return dz


def grad_fixed(z, s):
    N = z.shape[0]
    p = torch.softmax(z / TEMP, dim=1)
    q = torch.softmax(s / TEMP, dim=1)
    dz = (p - q) / (N * TEMP)
    return dz


SPEC = dict(wrt="z", shapes={"z": ("N", "C"), "s": ("N", "C")}, draws={}, sizes={"N": 3, "C": 4})
case = derivation(loss, grad, **SPEC, name="x_distill_01")
CAUSE = "wrong-coefficient"
FIX = "The logits are divided by T before the softmax, so the chain rule adds a factor 1/T: dz = (p - q) / (N T)."
