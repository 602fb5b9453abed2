"""Layer normalisation over features, numpy, step-by-step backward with N = 2 rows.

xhat = (x - mean_row) / sqrt(var_row + eps), y = gamma * xhat + beta, L = sum(G * y);
x (2, 6), gamma (6,), beta (6,), G (2, 6); eps = 1e-5.  Gradients wrt x, gamma, beta.
Mistake: dgamma multiplies dout by the raw input x instead of the normalised xhat.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, G):
    mu = x.mean(dim=1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=1, keepdim=True)
    return (G * (gamma * (x - mu) / torch.sqrt(var + EPS) + beta)).sum()


def grad(x, gamma, beta, G):
    D = x.shape[1]
    mu = np.mean(x, axis=1, keepdims=True)
    var = np.mean((x - mu) ** 2, axis=1, keepdims=True)
    rstd = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dgamma = np.sum(G * x, axis=0)  # <- wrong
    dbeta = np.sum(G, axis=0)
    g = G * gamma
    dx = rstd / D * (D * g - g.sum(axis=1, keepdims=True) - xhat * (g * xhat).sum(axis=1, keepdims=True))
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, G):
    D = x.shape[1]
    mu = np.mean(x, axis=1, keepdims=True)
    var = np.mean((x - mu) ** 2, axis=1, keepdims=True)
    rstd = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dgamma = np.sum(G * xhat, axis=0)
    dbeta = np.sum(G, axis=0)
    g = G * gamma
    dx = rstd / D * (D * g - g.sum(axis=1, keepdims=True) - xhat * (g * xhat).sum(axis=1, keepdims=True))
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "G": ("N", "D")},
            sizes={"N": 2, "D": 6})
case = derivation(loss, grad, **SPEC, name="t_layernorm_41")
CAUSE = "wrong-operand"
FIX = "gamma scales the normalised xhat, so dgamma = sum over rows of dout * xhat."
