"""Softmax cross-entropy with one-hot targets, torch: loss = mean over the batch of
-sum_c t_c log softmax(logits)_c; logits (N, C), t (N, C) one-hot, N = 6, C = 4.
"""

import torch

from verify import derivation


def loss(logits, t):
    return -(t * torch.log_softmax(logits, dim=-1)).sum(dim=-1).mean()


def grad(logits, t):
    N = logits.shape[0]
    probs = torch.softmax(logits, dim=-1)
    dlogits = (logits - t) / N  # <- wrong
    return dlogits


def grad_fixed(logits, t):
    N = logits.shape[0]
    probs = torch.softmax(logits, dim=-1)
    dlogits = (probs - t) / N
    return dlogits


SPEC = dict(wrt="logits", shapes={"logits": ("N", "C"), "t": ("N", "C")},
            draws={"t": "onehot"}, sizes={"N": 6, "C": 4})
case = derivation(loss, grad, **SPEC, name="m_softmax_04")
CAUSE = "wrong-operand"
FIX = "The gradient is (softmax(logits) - t) / N: the probabilities, not the raw logits, minus the targets."
