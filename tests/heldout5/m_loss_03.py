"""Binary cross-entropy on probabilities, torch flat function: L = mean(-(t log p +
(1 - t) log(1 - p))) over all elements, p and t in (0, 1); p (5, 7), t (5, 7) soft targets.
"""

import torch.nn.functional as F

from verify import derivation


def loss(p, t):
    return F.binary_cross_entropy(p, t)


def grad(p, t):
    n = p.numel()
    dp = t / p - (1 - t) / (1 - p)  # <- wrong
    dp = dp / n
    return dp


def grad_fixed(p, t):
    n = p.numel()
    dp = -t / p + (1 - t) / (1 - p)
    dp = dp / n
    return dp


SPEC = dict(wrt="p", shapes={"p": (5, 7), "t": (5, 7)},
            draws={"p": "uniform", "t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_loss_03")
CAUSE = "sign"
FIX = "d/dp of -(t log p + (1 - t) log(1 - p)) is -t / p + (1 - t) / (1 - p): the leading minus was lost."
