"""CPU backward of Knet.jl's batch normalisation in training mode (Knet.jl, src/batchnorm.jl, batchnorm4_back).

Source: https://github.com/denizyuret/Knet.jl/issues/288 ("Batchnorm backward on cpu doesn't seem to
take care about scales"), fixed by https://github.com/denizyuret/Knet.jl/pull/289: "derivate(dy) is
multiplied with g(scales), but dyivar is used to compute dx derivate". dyivar = dy .* ivar is formed
before dy = g .* dy, so dsigma2, dmu and dx use the unscaled dy where dxhat = g dy belongs ("dy
actually refers to dxhat in the backward equations"); the tests passed because g started at 1.
Reduced here so that the scaling line is the one that misses dx: it scales dy, which no later line
reads, where dyivar had to be scaled. Translated from Julia broadcasting to numpy; x is
(features, batch) and the statistics are taken over the batch (dims = 2 in Julia, axis 1 here).
Loss: sum(dy * (g * (x - mu) / sqrt(var + eps) + b)); x, dy (3, 5), g, b (3, 1), eps = 1e-5.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, g, b, dy):
    mu = x.mean(dim=1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=1, keepdim=True)
    return (dy * (g * (x - mu) / torch.sqrt(var + EPS) + b)).sum()


def grad(x, g, b, dy):
    mu = np.mean(x, axis=1, keepdims=True)
    ivar = 1 / np.sqrt(np.mean((x - mu) ** 2, axis=1, keepdims=True) + EPS)
    x_mu = x - mu
    # equations from the original paper
    dyivar = dy * ivar
    dg = np.sum(x_mu * dyivar, axis=1, keepdims=True)
    db = np.sum(dy, axis=1, keepdims=True)
    dy = g * dy  # <- wrong
    m = x.shape[1]
    dsigma2 = -0.5 * np.sum(dyivar * x_mu * ivar ** 2, axis=1, keepdims=True)
    dmu = -np.sum(dyivar, axis=1, keepdims=True) - 2 * dsigma2 * np.sum(x_mu, axis=1, keepdims=True) / m
    dx = dyivar + dsigma2 * 2 * x_mu / m + dmu / m
    return dx, dg, db


def grad_fixed(x, g, b, dy):
    mu = np.mean(x, axis=1, keepdims=True)
    ivar = 1 / np.sqrt(np.mean((x - mu) ** 2, axis=1, keepdims=True) + EPS)
    x_mu = x - mu
    # equations from the original paper
    dyivar = dy * ivar
    dg = np.sum(x_mu * dyivar, axis=1, keepdims=True)
    db = np.sum(dy, axis=1, keepdims=True)
    dyivar = g * dyivar
    m = x.shape[1]
    dsigma2 = -0.5 * np.sum(dyivar * x_mu * ivar ** 2, axis=1, keepdims=True)
    dmu = -np.sum(dyivar, axis=1, keepdims=True) - 2 * dsigma2 * np.sum(x_mu, axis=1, keepdims=True) / m
    dx = dyivar + dsigma2 * 2 * x_mu / m + dmu / m
    return dx, dg, db


SPEC = dict(wrt=("x", "g", "b"), shapes={"x": (3, 5), "g": (3, 1), "b": (3, 1), "dy": (3, 5)})
case = derivation(loss, grad, **SPEC, name="u_batchnorm_01")
CAUSE = "activation-derivative-missing"
FIX = "Scale the gradient that reaches dx by the scales g (dxhat = g dy), i.e. use g .* dy * ivar in dsigma2, dmu and dx."
