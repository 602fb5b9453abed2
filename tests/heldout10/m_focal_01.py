"""Binary focal loss on logits (gamma = 2), torch backward:
p = sigma(z), pt = p if t = 1 else 1 - p, FL = mean -(1 - pt)^gamma log pt;
z (N,) logits, t (N,) labels in {0, 1} with N = 10.
"""

import torch
import torch.nn.functional as F

from verify import derivation

GAMMA = 2.0


def loss(z, t):
    tf = t.to(z.dtype)
    logpt = -F.binary_cross_entropy_with_logits(z, tf, reduction="none")
    return (-(1 - logpt.exp()) ** GAMMA * logpt).mean()


def grad(z, t):
    tf = t.to(z.dtype)
    p = torch.sigmoid(z)
    pt = p * tf + (1 - p) * (1 - tf)
    logpt = -F.binary_cross_entropy_with_logits(z, tf, reduction="none")
    dFL_dpt = GAMMA * (1 - pt) ** (GAMMA - 1) * logpt - (1 - pt) ** GAMMA / p  # <- wrong
    dpt_dz = (2 * tf - 1) * p * (1 - p)
    return dFL_dpt * dpt_dz / z.shape[0]


def grad_fixed(z, t):
    tf = t.to(z.dtype)
    p = torch.sigmoid(z)
    pt = p * tf + (1 - p) * (1 - tf)
    logpt = -F.binary_cross_entropy_with_logits(z, tf, reduction="none")
    dFL_dpt = GAMMA * (1 - pt) ** (GAMMA - 1) * logpt - (1 - pt) ** GAMMA / pt
    dpt_dz = (2 * tf - 1) * p * (1 - p)
    return dFL_dpt * dpt_dz / z.shape[0]


SPEC = dict(wrt="z", shapes={"z": ("N",), "t": ("N",)},
            draws={"t": ("labels", 2)}, sizes={"N": 10})
case = derivation(loss, grad, **SPEC, name="m_focal_01")
CAUSE = "wrong-operand"
FIX = "d(-log pt)/dpt = -1/pt: divide by pt, not by p (they differ wherever t = 0)."
