"""Binary focal loss (Lin et al.) with gamma = 2, torch:
p = sigma(z), p_t = t p + (1 - t)(1 - p), L = -1/N sum_n (1 - p_t)^gamma log p_t;
z (N,), t (N,) in {0, 1}, N = 6.
"""

import torch

from verify import derivation

GAMMA = 2.0


def loss(z, t):
    t = t.to(z.dtype)
    p = torch.sigmoid(z)
    pt = t * p + (1 - t) * (1 - p)
    return -((1 - pt) ** GAMMA * torch.log(pt)).mean()


def grad(z, t):
    t = t.to(z.dtype)
    N = z.shape[0]
    p = torch.sigmoid(z)
    pt = t * p + (1 - t) * (1 - p)
    logpt = torch.log(pt)
    w = (1 - pt) ** GAMMA
    dw_dpt = GAMMA * (1 - pt) ** (GAMMA - 1)  # <- wrong
    dL_dpt = -(dw_dpt * logpt + w / pt) / N
    dpt_dz = (2 * t - 1) * p * (1 - p)
    return dL_dpt * dpt_dz


def grad_fixed(z, t):
    t = t.to(z.dtype)
    N = z.shape[0]
    p = torch.sigmoid(z)
    pt = t * p + (1 - t) * (1 - p)
    logpt = torch.log(pt)
    w = (1 - pt) ** GAMMA
    dw_dpt = -GAMMA * (1 - pt) ** (GAMMA - 1)
    dL_dpt = -(dw_dpt * logpt + w / pt) / N
    dpt_dz = (2 * t - 1) * p * (1 - p)
    return dL_dpt * dpt_dz


SPEC = dict(wrt="z", shapes={"z": ("N",), "t": ("N",)},
            draws={"t": ("labels", 2)}, sizes={"N": 6})
case = derivation(loss, grad, **SPEC, name="m_focal_01")
CAUSE = "sign"
FIX = "The chain rule through (1 - p_t) gives d(1 - p_t)^gamma / dp_t = -gamma (1 - p_t)^(gamma - 1)."
