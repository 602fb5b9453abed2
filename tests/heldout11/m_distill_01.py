"""Knowledge distillation at temperature T = 4, scaled by T^2 (Hinton et al.), torch:
p = softmax(t / T), q = softmax(s / T), L = T^2 / N sum_n KL(p_n || q_n);
s (N, C) student logits, t (N, C) teacher logits with N = 4, C = 5.
"""

import torch
import torch.nn.functional as F

from verify import derivation

TEMP = 4.0


def loss(s, t):
    logq = F.log_softmax(s / TEMP, dim=1)
    logp = F.log_softmax(t / TEMP, dim=1)
    return (logp.exp() * (logp - logq)).sum() / s.shape[0] * TEMP ** 2


def grad(s, t):
    N = s.shape[0]
    p = torch.softmax(t / TEMP, dim=1)
    q = torch.softmax(s / TEMP, dim=1)
    d_scaled = (q - p) / N
    ds = TEMP ** 2 * d_scaled  # <- wrong
    return ds


def grad_fixed(s, t):
    N = s.shape[0]
    p = torch.softmax(t / TEMP, dim=1)
    q = torch.softmax(s / TEMP, dim=1)
    d_scaled = (q - p) / N
    ds = TEMP ** 2 * d_scaled / TEMP
    return ds


SPEC = dict(wrt="s", shapes={"s": ("N", "C"), "t": ("N", "C")}, draws={},
            sizes={"N": 4, "C": 5})
case = derivation(loss, grad, **SPEC, name="m_distill_01")
CAUSE = "wrong-coefficient"
FIX = "The student logits enter as s / T, so the chain rule divides by T once: T^2 (q - p) / (N T)."
