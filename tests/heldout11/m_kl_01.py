"""KL divergence from a target distribution to a softmax, averaged over the batch, torch:
p_n = a_n / sum_c a_nc, q_n = softmax(z_n), L = 1/N sum_n sum_c p_nc log(p_nc / q_nc);
a (4, 5) positive, z (4, 5).
"""

import torch

from verify import derivation


def loss(a, z):
    p = a / a.sum(dim=1, keepdim=True)
    logq = torch.log_softmax(z, dim=1)
    return (p * (torch.log(p) - logq)).sum(dim=1).mean()


def grad(a, z):
    N = z.shape[0]
    p = a / a.sum(dim=1, keepdim=True)
    zs = z - z.max(dim=1, keepdim=True).values
    logq = zs - torch.logsumexp(zs, dim=1, keepdim=True)
    q = logq.exp()
    dz = (p - q) / N  # <- wrong
    return dz


def grad_fixed(a, z):
    N = z.shape[0]
    p = a / a.sum(dim=1, keepdim=True)
    zs = z - z.max(dim=1, keepdim=True).values
    logq = zs - torch.logsumexp(zs, dim=1, keepdim=True)
    q = logq.exp()
    dz = (q - p) / N
    return dz


SPEC = dict(wrt="z", shapes={"a": (4, 5), "z": (4, 5)}, draws={"a": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_kl_01")
CAUSE = "sign"
FIX = "d KL / dz = q - p (the softmax minus the target), not p - q."
