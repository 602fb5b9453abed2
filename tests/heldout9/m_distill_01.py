"""Knowledge distillation with temperature T = 4, torch: p = softmax(t / T) from the teacher,
q = softmax(s / T) from the student, L = T^2 KL(p || q) averaged over the batch;
s (student logits) and t (teacher logits) (N, C) with N = 4, C = 5; gradient for s.
"""

import torch
import torch.nn.functional as F

from verify import derivation

TEMP = 4.0


def loss(s, t):
    log_p = F.log_softmax(t / TEMP, dim=-1)
    log_q = F.log_softmax(s / TEMP, dim=-1)
    kl = (log_p.exp() * (log_p - log_q)).sum(-1).mean()
    return TEMP ** 2 * kl


def grad(s, t):
    N = s.shape[0]
    p = torch.softmax(t / TEMP, dim=-1)
    q = torch.softmax(s / TEMP, dim=-1)
    dz = TEMP ** 2 * (q - p) / N  # gradient for the softened logits z = s / T
    ds = dz * TEMP  # <- wrong
    return ds


def grad_fixed(s, t):
    N = s.shape[0]
    p = torch.softmax(t / TEMP, dim=-1)
    q = torch.softmax(s / TEMP, dim=-1)
    dz = TEMP ** 2 * (q - p) / N  # gradient for the softened logits z = s / T
    ds = dz / TEMP
    return ds


SPEC = dict(wrt="s", shapes={"s": ("N", "C"), "t": ("N", "C")}, draws={},
            sizes={"N": 4, "C": 5})
case = derivation(loss, grad, **SPEC, name="m_distill_01")
CAUSE = "wrong-coefficient"
FIX = "z = s / T, so dz/ds = 1 / T and ds = dz / TEMP."
