"""denizyuret/Knet.jl issue #288 (https://github.com/denizyuret/Knet.jl/issues/288), fixed by PR #289
(https://github.com/denizyuret/Knet.jl/pull/289), batchnorm4_back (Julia, here in numpy): dyivar = dy .* ivar
is computed before dy = g .* dy, and dsigma2, dmu and dx all read dyivar, so the scale g never
reaches dx ("dy actually refers to dxhat in the backward equations"). The scaling is reduced to
the one line that applies it to a variable no later line reads.
y = g * (x - mu) / sqrt(var + eps) + b over the batch axis; x (6, 3), g (3,), b (3,), dy (6, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, g, b, dy):
    mu = x.mean(0)
    var = ((x - mu) ** 2).mean(0)
    return (dy * (g * (x - mu) / torch.sqrt(var + 1e-5) + b)).sum()


def grad(x, g, b, dy):
    eps = 1e-5
    mu = np.mean(x, axis=0)
    ivar = 1 / np.sqrt(np.mean((x - mu) ** 2, axis=0) + eps)
    x_mu = x - mu
    dyivar = dy * ivar
    dg = np.sum(x_mu * dyivar, axis=0)
    db = np.sum(dy, axis=0)
    dy = g * dy  # <- wrong
    m = x.shape[0]
    dsigma2 = -0.5 * np.sum(dyivar * x_mu * ivar ** 2, axis=0)
    dmu = -np.sum(dyivar, axis=0) - 2 * dsigma2 * np.sum(x_mu, axis=0) / m
    dx = dyivar + dsigma2 * 2 * x_mu / m + dmu / m
    return dx, dg, db


def grad_fixed(x, g, b, dy):
    eps = 1e-5
    mu = np.mean(x, axis=0)
    ivar = 1 / np.sqrt(np.mean((x - mu) ** 2, axis=0) + eps)
    x_mu = x - mu
    dyivar = dy * ivar
    dg = np.sum(x_mu * dyivar, axis=0)
    db = np.sum(dy, axis=0)
    dyivar = g * dyivar
    m = x.shape[0]
    dsigma2 = -0.5 * np.sum(dyivar * x_mu * ivar ** 2, axis=0)
    dmu = -np.sum(dyivar, axis=0) - 2 * dsigma2 * np.sum(x_mu, axis=0) / m
    dx = dyivar + dsigma2 * 2 * x_mu / m + dmu / m
    return dx, dg, db


SPEC = dict(wrt=("x", "g", "b"), shapes={"x": (6, 3), "g": (3,), "b": (3,), "dy": (6, 3)})
case = derivation(loss, grad, **SPEC, name="q_batchnorm_12")
CAUSE = "wrong-operand"
FIX = "dx, dsigma2 and dmu are built from dyivar, so the scale must multiply dyivar (dxhat = g * dy), not the dy that no later line reads."
