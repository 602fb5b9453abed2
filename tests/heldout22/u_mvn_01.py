"""Gradient of the multivariate normal log density with respect to its covariance (HIPS/autograd, autograd/scipy/stats/multivariate_normal.py, the logpdf vjp for cov).

Source: https://github.com/HIPS/autograd/issues/401 ("Sign flipped in stats.multivariate_normal"), fixed in
https://github.com/HIPS/autograd/pull/412 ("Fix vjp for multivariate normal covariance"). autograd 1.2
rewrote covgrad() as 1/2 (solved solved^T - J), J = inv(cov), solved = J (x - mean), which is already
d logpdf / d cov, but the vjp for cov kept the leading minus of the older version (whose covgrad was
inv(cov) - outer), so the gradient with respect to the covariance came out with the wrong sign. As in
the report's example, the covariance is built as vcv = sigma sigma^T, and the pullback through that
product, (G + G^T) sigma, is written out. unbroadcast_f is the sum over the samples.
Loss: sum(g * logpdf(x, mean, sigma sigma^T)); x (4, 3), mean (3,), sigma (3, 3), g (4,).
"""

import math

import numpy as np
import torch

from verify import derivation


def loss(x, mean, sigma, g):
    vcv = sigma @ sigma.T
    d = x - mean
    maha = (d * torch.linalg.solve(vcv, d.T).T).sum(-1)
    logpdf = -0.5 * (x.shape[-1] * math.log(2 * math.pi) + torch.linalg.slogdet(vcv)[1] + maha)
    return (g * logpdf).sum()


def generalized_outer_product(x):
    if np.ndim(x) == 1:
        return np.outer(x, x)
    return np.matmul(x, np.swapaxes(x, -1, -2))


def covgrad(x, mean, cov):
    J = np.linalg.inv(cov)
    solved = np.matmul(J, np.expand_dims(x - mean, -1))
    return 1. / 2 * (generalized_outer_product(solved) - J)


def grad(x, mean, sigma, g):
    vcv = np.dot(sigma, sigma.T)
    g_cov = np.sum(-np.reshape(g, np.shape(g) + (1, 1)) * covgrad(x, mean, vcv), axis=0)  # <- wrong
    g_sigma = np.dot(g_cov + g_cov.T, sigma)
    return g_sigma


def grad_fixed(x, mean, sigma, g):
    vcv = np.dot(sigma, sigma.T)
    g_cov = np.sum(np.reshape(g, np.shape(g) + (1, 1)) * covgrad(x, mean, vcv), axis=0)
    g_sigma = np.dot(g_cov + g_cov.T, sigma)
    return g_sigma


SPEC = dict(wrt="sigma", shapes={"x": (4, 3), "mean": (3,), "sigma": (3, 3), "g": (4,)})
case = derivation(loss, grad, **SPEC, name="u_mvn_01")
CAUSE = "sign"
FIX = "Drop the leading minus in the covariance vjp, g * covgrad(x, mean, cov), because covgrad already returns d logpdf / d cov."
