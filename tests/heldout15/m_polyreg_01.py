"""Polynomial regression fitted by the sum of squared errors, pure Python:
y_i = sum_k w_k x_i^k, L = sum_i (y_i - t_i)^2; w (3,), x (6,), t (6,).
"""

import torch

from verify import derivation


def loss(w, x, t):
    powers = torch.stack([x ** k for k in range(w.shape[0])], dim=-1)
    return ((powers @ w - t) ** 2).sum()


def grad(w, x, t):
    w = w.tolist()
    x = x.tolist()
    t = t.tolist()
    dw = [0.0] * len(w)
    for i in range(len(x)):
        y = sum(w[k] * x[i] ** k for k in range(len(w)))
        r = y - t[i]
        for k in range(len(w)):
            dw[k] += r * x[i] ** k  # <- wrong
    return dw


def grad_fixed(w, x, t):
    w = w.tolist()
    x = x.tolist()
    t = t.tolist()
    dw = [0.0] * len(w)
    for i in range(len(x)):
        y = sum(w[k] * x[i] ** k for k in range(len(w)))
        r = y - t[i]
        for k in range(len(w)):
            dw[k] += 2 * r * x[i] ** k
    return dw


SPEC = dict(wrt="w", shapes={"w": (3,), "x": (6,), "t": (6,)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_polyreg_01")
CAUSE = "square-factor"
FIX = "The derivative of (y - t)^2 is 2 (y - t), so accumulate 2 * r * x^k."
