"""Gaussian negative log-likelihood with a predicted log-variance, pure Python:
L = sum_i 1/2 (s_i + (x_i - mu_i)^2 exp(-s_i)); mu (6,), s (6,), x (6,).
"""

import math

import torch

from verify import derivation


def loss(mu, s, x):
    return 0.5 * (s + (x - mu) ** 2 * torch.exp(-s)).sum()


def grad(mu, s, x):
    mu, s, x = mu.tolist(), s.tolist(), x.tolist()
    dmu, ds = [], []
    for m, lv, xi in zip(mu, s, x):
        inv = math.exp(-lv)
        r = xi - m
        dmu.append(r * inv)  # <- wrong
        ds.append(0.5 * (1 - r * r * inv))
    return dmu, ds


def grad_fixed(mu, s, x):
    mu, s, x = mu.tolist(), s.tolist(), x.tolist()
    dmu, ds = [], []
    for m, lv, xi in zip(mu, s, x):
        inv = math.exp(-lv)
        r = xi - m
        dmu.append(-r * inv)
        ds.append(0.5 * (1 - r * r * inv))
    return dmu, ds


SPEC = dict(wrt=("mu", "s"), shapes={"mu": (6,), "s": (6,), "x": (6,)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_gaussnll_01")
CAUSE = "sign"
FIX = "d/dmu of (x - mu)^2 is -2 (x - mu), so dmu = -(x - mu) exp(-s)."
