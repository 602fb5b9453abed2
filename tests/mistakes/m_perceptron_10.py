"""Perceptron with a hard-limited linear output, one example:
O_k = clamp(sum_j x_j w_jk, 0, 1), E = 1/2 sum_k (O_k - t_k)^2; x (J,), w (J, K), t (K,).
"""

import torch

from verify import derivation


def loss(x, w, t):
    """E = 1/2 sum_k (O_k - t_k)^2 with O = clamp(x w, 0, 1)."""
    O = torch.clamp(x @ w, 0, 1)
    return 0.5 * ((O - t) ** 2).sum()


def grad(x, w, t):
    a = x @ w
    O = torch.clamp(a, 0, 1)
    dE_dO = O - t
    dO_da = (a > 0).to(a.dtype)  # <- wrong
    delta = dE_dO * dO_da
    return torch.outer(x, delta)


def grad_fixed(x, w, t):
    a = x @ w
    O = torch.clamp(a, 0, 1)
    dE_dO = O - t
    dO_da = ((a > 0) & (a < 1)).to(a.dtype)
    delta = dE_dO * dO_da
    return torch.outer(x, delta)


SPEC = dict(wrt="w", shapes={"x": ("J",), "w": ("J", "K"), "t": ("K",)},
            draws={"w": ("normal", 0.4), "t": "uniform"}, sizes={"J": 4, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_perceptron_10")
CAUSE = "mask"
FIX = "clamp(a, 0, 1) passes the gradient only where 0 < a < 1: mask a >= 1 too."
