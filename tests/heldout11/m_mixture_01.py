"""Negative log-likelihood of a 1-D Gaussian mixture with unit variances, torch:
pi = softmax(a), L = -1/N sum_n log sum_k pi_k N(x_n; mu_k, 1);
x (N,), mu (K,), a (K,) with N = 6, K = 3.
"""

import math

import torch

from verify import derivation


def loss(x, mu, a):
    logpi = torch.log_softmax(a, dim=0)
    logphi = -0.5 * (x[:, None] - mu[None, :]) ** 2 - 0.5 * math.log(2 * math.pi)
    return -torch.logsumexp(logpi + logphi, dim=1).mean()


def grad(x, mu, a):
    N = x.shape[0]
    diff = x[:, None] - mu[None, :]
    logpi = torch.log_softmax(a, dim=0)
    prior = logpi.exp()
    logjoint = logpi - 0.5 * diff ** 2 - 0.5 * math.log(2 * math.pi)
    post = torch.softmax(logjoint, dim=1)
    dmu = -(prior * diff).sum(dim=0) / N  # <- wrong
    da = prior - post.mean(dim=0)
    return dmu, da


def grad_fixed(x, mu, a):
    N = x.shape[0]
    diff = x[:, None] - mu[None, :]
    logpi = torch.log_softmax(a, dim=0)
    prior = logpi.exp()
    logjoint = logpi - 0.5 * diff ** 2 - 0.5 * math.log(2 * math.pi)
    post = torch.softmax(logjoint, dim=1)
    dmu = -(post * diff).sum(dim=0) / N
    da = prior - post.mean(dim=0)
    return dmu, da


SPEC = dict(wrt=("mu", "a"), shapes={"x": ("N",), "mu": ("K",), "a": ("K",)},
            draws={}, sizes={"N": 6, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_mixture_01")
CAUSE = "wrong-operand"
FIX = "Each point pulls a mean by its responsibility (the posterior), not by the prior weight pi_k."
