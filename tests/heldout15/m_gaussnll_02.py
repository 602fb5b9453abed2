"""Gaussian negative log-likelihood with a predicted variance, pure Python:
L = sum_i 1/2 (log v_i + (x_i - mu_i)^2 / v_i); mu (6,), v (6,) > 0, x (6,).
"""

import torch

from verify import derivation


def loss(mu, v, x):
    return 0.5 * (torch.log(v) + (x - mu) ** 2 / v).sum()


def grad(mu, v, x):
    mu, v, x = mu.tolist(), v.tolist(), x.tolist()
    dmu = [0.0] * len(mu)
    dv = [0.0] * len(v)
    for i in range(len(x)):
        r = x[i] - mu[i]
        dmu[i] = -r / v[i]
        dv[i] = 0.5 / v[i] - r * r / v[i] ** 2  # <- wrong
    return dmu, dv


def grad_fixed(mu, v, x):
    mu, v, x = mu.tolist(), v.tolist(), x.tolist()
    dmu = [0.0] * len(mu)
    dv = [0.0] * len(v)
    for i in range(len(x)):
        r = x[i] - mu[i]
        dmu[i] = -r / v[i]
        dv[i] = 0.5 / v[i] - 0.5 * r * r / v[i] ** 2
    return dmu, dv


SPEC = dict(wrt=("mu", "v"), shapes={"mu": (6,), "v": (6,), "x": (6,)},
            draws={"v": ("positive", 1.0, 0.5)})
case = derivation(loss, grad, **SPEC, name="m_gaussnll_02")
CAUSE = "wrong-coefficient"
FIX = "Both terms carry the 1/2: dv = 0.5 / v - 0.5 (x - mu)^2 / v^2."
