"""Binary cross-entropy on logits, averaged over the batch, torch:
loss = F.binary_cross_entropy_with_logits(z, y); z (N,), y (N,) soft targets in (0, 1), N = 7.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(z, y):
    return F.binary_cross_entropy_with_logits(z, y)


def grad(z, y):
    p = torch.sigmoid(z)
    dz = (y - p) / z.shape[0]  # <- wrong
    return dz


def grad_fixed(z, y):
    p = torch.sigmoid(z)
    dz = (p - y) / z.shape[0]
    return dz


SPEC = dict(wrt="z", shapes={"z": ("N",), "y": ("N",)}, draws={"y": "uniform"}, sizes={"N": 7})
case = derivation(loss, grad, **SPEC, name="m_loss_01")
CAUSE = "sign"
FIX = "d/dz of the binary cross-entropy is (sigmoid(z) - y) / N, prediction minus target."
