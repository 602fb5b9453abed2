"""Binary focal loss, averaged over the batch, numpy:
p_t = sigma(s z) with s = 2 y - 1, L = 1/N sum_i -(1 - p_t)^gamma log p_t, gamma = 2;
z (8,) logits, y (8,) labels in {0, 1}.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation

GAMMA = 2.0


def loss(z, y):
    u = (2 * y.to(z.dtype) - 1) * z
    return (-(1 - torch.sigmoid(u)) ** GAMMA * F.logsigmoid(u)).mean()


def grad(z, y):
    N = len(z)
    s = 2.0 * y - 1.0
    u = s * z
    q = 1.0 / (1.0 + np.exp(-u))
    logq = -np.logaddexp(0.0, -u)
    dl = (1 - q) ** GAMMA * (GAMMA * q * logq - (1 - q))
    dl = dl / N
    dz = s * dl / N  # <- wrong
    return dz


def grad_fixed(z, y):
    N = len(z)
    s = 2.0 * y - 1.0
    u = s * z
    q = 1.0 / (1.0 + np.exp(-u))
    logq = -np.logaddexp(0.0, -u)
    dl = (1 - q) ** GAMMA * (GAMMA * q * logq - (1 - q))
    dl = dl / N
    dz = s * dl
    return dz


SPEC = dict(wrt="z", shapes={"z": (8,), "y": (8,)}, draws={"y": ("labels", 2)})
case = derivation(loss, grad, **SPEC, name="m_focal_01")
CAUSE = "batch-mean"
FIX = "dl already carries the mean's 1/N, so dz = s * dl without dividing by N again."
