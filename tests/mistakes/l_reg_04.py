"""Least squares in torch, half the sum of squared errors.

x (N, D), w (D,), t (N,), y = x w, L = 1/2 sum_n (y_n - t_n)^2.
"""

from verify import derivation


def loss(w, x, t):
    return 0.5 * ((x @ w - t) ** 2).sum()


def grad(w, x, t):
    y = x @ w
    residual = y - t
    dy = 2 * residual  # <- wrong
    dw = x.T @ dy
    return dw


def grad_fixed(w, x, t):
    y = x @ w
    residual = y - t
    dy = residual
    dw = x.T @ dy
    return dw


SPEC = dict(wrt="w", shapes={"w": ("D",), "x": ("N", "D"), "t": ("N",)},
            sizes={"N": 5, "D": 3})
case = derivation(loss, grad, **SPEC, name="l_reg_04")
CAUSE = "square-factor"
FIX = "Drop the 2: the loss's 1/2 cancels it, dy = y - t."
