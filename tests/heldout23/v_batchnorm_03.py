"""Batch normalisation of one feature over a batch, pure Python:
xhat_i = (x_i - mu) / sqrt(var + eps) (biased var), y_i = gamma xhat_i + beta, L = sum_i g_i y_i;
x (6,), gamma scalar, beta scalar, g (6,).
"""

import math

import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, g):
    xhat = (x - x.mean()) / torch.sqrt(x.var(correction=0) + EPS)
    return (g * (gamma * xhat + beta)).sum()


def grad(x, gamma, beta, g):
    xs = x.tolist()
    gs = g.tolist()
    n = len(xs)
    mu = sum(xs) / n
    var = sum((xi - mu) ** 2 for xi in xs) / n
    std = math.sqrt(var + EPS)
    xhat = [(xi - mu) / std for xi in xs]
    dxhat = [gi * float(gamma) for gi in gs]
    mean_d = sum(dxhat) / n
    mean_dh = sum(d * h for d, h in zip(dxhat, xhat)) / n
    return [(d - h * mean_dh) / std for d, h in zip(dxhat, xhat)]  # <- wrong


def grad_fixed(x, gamma, beta, g):
    xs = x.tolist()
    gs = g.tolist()
    n = len(xs)
    mu = sum(xs) / n
    var = sum((xi - mu) ** 2 for xi in xs) / n
    std = math.sqrt(var + EPS)
    xhat = [(xi - mu) / std for xi in xs]
    dxhat = [gi * float(gamma) for gi in gs]
    mean_d = sum(dxhat) / n
    mean_dh = sum(d * h for d, h in zip(dxhat, xhat)) / n
    return [(d - mean_d - h * mean_dh) / std for d, h in zip(dxhat, xhat)]


SPEC = dict(wrt="x", shapes={"x": (6,), "gamma": (), "beta": (), "g": (6,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_batchnorm_03")
CAUSE = "missing-term"
FIX = "The path through the batch mean contributes -mean(dxhat), so dx_i = (dxhat_i - mean(dxhat) - xhat_i mean(dxhat xhat)) / std."
