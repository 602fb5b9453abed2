"""Binary focal loss (gamma = 2) on a linear scorer, torch tensor math:
p_n = sigmoid(x_n . w), p_t = p if y = 1 else 1 - p,
L = -1/N sum_n (1 - p_t)^2 log p_t;
x (N, D), w (D,), y (N,) labels in {0, 1}; N = 7, D = 4.
"""

import torch

from verify import derivation


def loss(x, w, y):
    p = torch.sigmoid(x @ w)
    y = y.to(p.dtype)
    pt = y * p + (1 - y) * (1 - p)
    return -((1 - pt) ** 2 * torch.log(pt)).mean()


def grad(x, w, y):
    p = torch.sigmoid(x @ w)
    y = y.to(p.dtype)
    pt = y * p + (1 - y) * (1 - p)
    s = 2 * y - 1                      # dp_t/dp = +1 for y = 1, -1 for y = 0
    # L_n = -(1 - p_t)^2 log p_t, differentiate the modulating factor first
    dmod = -(1 - pt)  # <- wrong
    dpt = -(dmod * torch.log(pt) + (1 - pt) ** 2 / pt) / x.shape[0]
    dz = dpt * s * pt * (1 - pt)       # dp/dz = p (1 - p) = p_t (1 - p_t)
    return x.T @ dz


def grad_fixed(x, w, y):
    p = torch.sigmoid(x @ w)
    y = y.to(p.dtype)
    pt = y * p + (1 - y) * (1 - p)
    s = 2 * y - 1                      # dp_t/dp = +1 for y = 1, -1 for y = 0
    # L_n = -(1 - p_t)^2 log p_t, differentiate the modulating factor first
    dmod = -2 * (1 - pt)
    dpt = -(dmod * torch.log(pt) + (1 - pt) ** 2 / pt) / x.shape[0]
    dz = dpt * s * pt * (1 - pt)       # dp/dz = p (1 - p) = p_t (1 - p_t)
    return x.T @ dz


SPEC = dict(wrt="w", shapes={"x": ("N", "D"), "w": ("D",), "y": ("N",)},
            sizes={"N": 7, "D": 4}, draws={"y": ("labels", 2)})
case = derivation(loss, grad, **SPEC, name="n_focal_02")
CAUSE = "square-factor"
FIX = "The derivative of (1 - p_t)^2 with respect to p_t is -2 (1 - p_t), so dmod = -2 * (1 - pt)."
