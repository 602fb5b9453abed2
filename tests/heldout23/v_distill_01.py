"""Knowledge-distillation loss with temperature tau = 2 (Hinton's tau^2 scaling):
q = softmax(zt / tau), p = softmax(z / tau), L = tau^2 / N sum_n KL(q_n || p_n);
z (N, C) student logits, zt (N, C) teacher logits; N = 3, C = 4.
"""

import torch

from verify import derivation

TAU = 2.0


def loss(z, zt):
    q = torch.softmax(zt / TAU, dim=1)
    logp = torch.log_softmax(z / TAU, dim=1)
    return TAU ** 2 * (q * (torch.log(q) - logp)).sum(dim=1).mean()


def grad(z, zt):
    N = z.shape[0]
    q = torch.softmax(zt / TAU, dim=1)
    p = torch.softmax(z / TAU, dim=1)
    return TAU ** 2 * (p - q) / N  # <- wrong


def grad_fixed(z, zt):
    N = z.shape[0]
    q = torch.softmax(zt / TAU, dim=1)
    p = torch.softmax(z / TAU, dim=1)
    return TAU * (p - q) / N


SPEC = dict(wrt="z", shapes={"z": ("N", "C"), "zt": ("N", "C")}, draws={}, sizes={"N": 3, "C": 4})
case = derivation(loss, grad, **SPEC, name="v_distill_01")
CAUSE = "wrong-coefficient"
FIX = "d(z / tau)/dz brings a 1/tau, so tau^2 becomes tau: dL/dz = tau (p - q) / N."
