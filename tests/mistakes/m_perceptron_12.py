"""Multi-output sigmoid perceptron with an L2 penalty that has no 1/2:
E = 1/2 sum_k (O_k - t_k)^2 + LAMBDA sum_jk w_jk^2; x (J,), w (J, K) square, t (K,).
"""

import torch

from verify import derivation

LAMBDA = 0.05


def loss(x, w, t):
    """E = 1/2 sum_k (O_k - t_k)^2 + LAMBDA ||w||^2 with O = sigma(x w)."""
    O = torch.sigmoid(x @ w)
    return 0.5 * ((O - t) ** 2).sum() + LAMBDA * (w ** 2).sum()


def grad(x, w, t):
    x_k = x @ w
    O = torch.sigmoid(x_k)
    delta = (O - t) * O * (1 - O)
    dE_dw = torch.outer(x, delta)
    dR_dw = LAMBDA * w  # <- wrong
    return dE_dw + dR_dw


def grad_fixed(x, w, t):
    x_k = x @ w
    O = torch.sigmoid(x_k)
    delta = (O - t) * O * (1 - O)
    dE_dw = torch.outer(x, delta)
    dR_dw = 2 * LAMBDA * w
    return dE_dw + dR_dw


SPEC = dict(wrt="w", shapes={"x": ("J",), "w": ("J", "K"), "t": ("K",)},
            draws={"w": ("normal", 0.5), "t": "uniform"}, sizes={"J": 3, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_perceptron_12")
CAUSE = "square-factor"
FIX = "The penalty LAMBDA sum w^2 has no 1/2: its gradient is 2 LAMBDA w."
