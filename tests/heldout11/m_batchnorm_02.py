"""Batch normalisation backward by its computational graph, node by node, numpy:
mu = mean_n x, xmu = x - mu, var = mean_n xmu^2, xhat = xmu / sqrt(var + eps),
y = gamma xhat + beta, L = sum(dout * y);
x (5, 3), gamma (3,), beta (3,), dout (5, 3).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    y = F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)
    return (dout * y).sum()


def grad(x, gamma, beta, dout):
    N, D = x.shape
    mu = 1.0 / N * np.sum(x, axis=0)
    xmu = x - mu
    var = 1.0 / N * np.sum(xmu ** 2, axis=0)
    sqrtvar = np.sqrt(var + EPS)
    ivar = 1.0 / sqrtvar
    xhat = xmu * ivar
    d = {}
    d["beta"] = np.sum(dout, axis=0)
    d["gamma"] = np.sum(dout * xhat, axis=0)
    d["xhat"] = dout * gamma
    d["ivar"] = np.sum(d["xhat"] * xmu, axis=0)
    d["xmu1"] = d["xhat"] * ivar
    d["sqrtvar"] = -1.0 / sqrtvar ** 2 * d["ivar"]
    d["var"] = 0.5 / sqrtvar * d["sqrtvar"]
    d["sq"] = np.ones((N, D)) / N * d["var"]
    d["xmu2"] = 2 * xmu * d["sq"]
    d["xmu"] = d["xmu1"]  # <- wrong
    d["mu"] = -np.sum(d["xmu"], axis=0)
    d["x"] = d["xmu"] + np.ones((N, D)) / N * d["mu"]
    return d["x"], d["gamma"], d["beta"]


def grad_fixed(x, gamma, beta, dout):
    N, D = x.shape
    mu = 1.0 / N * np.sum(x, axis=0)
    xmu = x - mu
    var = 1.0 / N * np.sum(xmu ** 2, axis=0)
    sqrtvar = np.sqrt(var + EPS)
    ivar = 1.0 / sqrtvar
    xhat = xmu * ivar
    d = {}
    d["beta"] = np.sum(dout, axis=0)
    d["gamma"] = np.sum(dout * xhat, axis=0)
    d["xhat"] = dout * gamma
    d["ivar"] = np.sum(d["xhat"] * xmu, axis=0)
    d["xmu1"] = d["xhat"] * ivar
    d["sqrtvar"] = -1.0 / sqrtvar ** 2 * d["ivar"]
    d["var"] = 0.5 / sqrtvar * d["sqrtvar"]
    d["sq"] = np.ones((N, D)) / N * d["var"]
    d["xmu2"] = 2 * xmu * d["sq"]
    d["xmu"] = d["xmu1"] + d["xmu2"]
    d["mu"] = -np.sum(d["xmu"], axis=0)
    d["x"] = d["xmu"] + np.ones((N, D)) / N * d["mu"]
    return d["x"], d["gamma"], d["beta"]


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (5, 3), "gamma": (3,), "beta": (3,), "dout": (5, 3)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_batchnorm_02")
CAUSE = "missing-term"
FIX = "xmu feeds xhat directly and through the variance, so d[xmu] adds both paths, d[xmu1] + d[xmu2]."
