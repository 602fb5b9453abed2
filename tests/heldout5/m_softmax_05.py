"""A linear classifier whose logits are divided by a temperature tau = 2.5 before the
softmax (as in calibration or distillation), torch flat function:
L = cross_entropy(X W / tau, y); X (8, 6), W (6, 5), y (8,) labels in 0..4.
"""

import torch
import torch.nn.functional as F

from verify import derivation

TAU = 2.5


def loss(X, W, y):
    return F.cross_entropy(X @ W / TAU, y)


def grad(X, W, y):
    N = X.shape[0]
    z = X @ W / TAU
    p = torch.softmax(z, dim=1)
    dz = p.clone()
    dz[torch.arange(N), y] -= 1.0
    dz /= N
    dW = X.T @ dz  # <- wrong
    return dW


def grad_fixed(X, W, y):
    N = X.shape[0]
    z = X @ W / TAU
    p = torch.softmax(z, dim=1)
    dz = p.clone()
    dz[torch.arange(N), y] -= 1.0
    dz /= N
    dW = X.T @ dz / TAU
    return dW


SPEC = dict(wrt="W", shapes={"X": (8, 6), "W": (6, 5), "y": (8,)}, draws={"y": ("labels", 5)})
case = derivation(loss, grad, **SPEC, name="m_softmax_05")
CAUSE = "wrong-coefficient"
FIX = "The logits are X W / tau, so the chain rule brings a 1 / tau into dW."
