"""KL divergence from a fixed distribution to a softmax, pure Python:
p = a / sum(a), q = softmax(z), L = KL(p || q) = sum_c p_c log(p_c / q_c);
a (C,) > 0, z (C,) with C = 5.
"""

import math

import torch

from verify import derivation


def loss(a, z):
    p = a / a.sum()
    return (p * (p.log() - torch.log_softmax(z, dim=0))).sum()


def grad(a, z):
    av = a.tolist()
    zv = z.tolist()
    total = sum(av)
    p = [v / total for v in av]
    m = max(zv)
    e = [math.exp(zi - m) for zi in zv]
    Z = sum(e)
    q = [ei / Z for ei in e]
    dz = [p[c] - q[c] for c in range(len(q))]  # <- wrong
    return dz


def grad_fixed(a, z):
    av = a.tolist()
    zv = z.tolist()
    total = sum(av)
    p = [v / total for v in av]
    m = max(zv)
    e = [math.exp(zi - m) for zi in zv]
    Z = sum(e)
    q = [ei / Z for ei in e]
    dz = [q[c] - p[c] for c in range(len(q))]
    return dz


SPEC = dict(wrt="z", shapes={"a": ("C",), "z": ("C",)}, draws={"a": ("positive", 1.0, 0.1)},
            sizes={"C": 5})
case = derivation(loss, grad, **SPEC, name="m_kl_01")
CAUSE = "sign"
FIX = "The gradient of KL(p || softmax(z)) at z is q - p."
