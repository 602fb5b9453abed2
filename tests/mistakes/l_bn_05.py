"""Batch normalisation in numpy: the gradients of the scale gamma and the shift beta.

x (N, D), gamma (D,), beta (D,), xhat = (x - mean_0 x) / sqrt(var_0 x + eps),
out = gamma xhat + beta, L = sum(dout * out) with dout (N, D) the upstream gradient.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    xhat = (x - mu) / torch.sqrt(var + EPS)
    return (dout * (gamma * xhat + beta)).sum()


def grad(x, gamma, beta, dout):
    mu = np.mean(x, axis=0)
    var = np.var(x, axis=0)
    xhat = (x - mu) / np.sqrt(var + EPS)
    dgamma = np.sum(dout * xhat, axis=0)
    dbeta = np.sum(dout, axis=1)  # <- wrong
    return dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    mu = np.mean(x, axis=0)
    var = np.var(x, axis=0)
    xhat = (x - mu) / np.sqrt(var + EPS)
    dgamma = np.sum(dout * xhat, axis=0)
    dbeta = np.sum(dout, axis=0)
    return dgamma, dbeta


SPEC = dict(wrt=("gamma", "beta"),
            shapes={"x": (3, 3), "gamma": (3,), "beta": (3,), "dout": (3, 3)})
case = derivation(loss, grad, **SPEC, name="l_bn_05")
CAUSE = "reduction-axis"
FIX = "Sum dout over the batch axis 0 for dbeta, not axis 1."
