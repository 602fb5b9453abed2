"""The triplet loss with squared distances and margin 1, mean over the batch, torch flat
function: L = mean(max(0, ||a - p||^2 - ||a - n||^2 + 1));
anchor, positive, negative (8, 5) each.
"""

import torch

from verify import derivation

MARGIN = 1.0


def loss(anchor, positive, negative):
    d_pos = ((anchor - positive) ** 2).sum(dim=1)
    d_neg = ((anchor - negative) ** 2).sum(dim=1)
    return torch.clamp(d_pos - d_neg + MARGIN, min=0).mean()


def grad(anchor, positive, negative):
    N = anchor.shape[0]
    d_pos = ((anchor - positive) ** 2).sum(dim=1)
    d_neg = ((anchor - negative) ** 2).sum(dim=1)
    active = ((d_pos - d_neg + MARGIN) > 0).to(anchor.dtype)[:, None] / N
    da = 2 * active * (negative - positive)
    dp = -2 * active * (anchor - positive)
    dn = 2 * active * (anchor - negative)
    return da, dn, dp  # <- wrong


def grad_fixed(anchor, positive, negative):
    N = anchor.shape[0]
    d_pos = ((anchor - positive) ** 2).sum(dim=1)
    d_neg = ((anchor - negative) ** 2).sum(dim=1)
    active = ((d_pos - d_neg + MARGIN) > 0).to(anchor.dtype)[:, None] / N
    da = 2 * active * (negative - positive)
    dp = -2 * active * (anchor - positive)
    dn = 2 * active * (anchor - negative)
    return da, dp, dn


SPEC = dict(wrt=("anchor", "positive", "negative"),
            shapes={"anchor": (8, 5), "positive": (8, 5), "negative": (8, 5)})
case = derivation(loss, grad, **SPEC, name="m_loss_06")
CAUSE = "return-order"
FIX = "The gradients must follow wrt (anchor, positive, negative): return da, dp, dn."
