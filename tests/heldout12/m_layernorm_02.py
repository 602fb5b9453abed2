"""Layer normalisation followed by a squared-error loss, torch:
y = gamma (x - mu_n) / sqrt(var_n + eps) + beta over each row's features, L = 1/2 sum (y - t)^2;
x (N, D), gamma (D,), beta (D,), t (N, D), with N = 2, D = 4.
"""

import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, t):
    mu = x.mean(dim=1, keepdim=True)
    var = x.var(dim=1, unbiased=False, keepdim=True)
    y = gamma * (x - mu) / torch.sqrt(var + EPS) + beta
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, gamma, beta, t):
    D = x.shape[1]
    xc = x - x.mean(dim=1, keepdim=True)
    sigma = torch.sqrt((xc ** 2).mean(dim=1, keepdim=True) + EPS)
    xhat = xc / sigma
    y = gamma * xhat + beta
    dy = y - t
    dgamma = torch.einsum("nd,nd->d", dy, xhat)
    dbeta = torch.einsum("nd->d", dy)
    dxhat = dy * gamma
    proj = torch.einsum("nd,nd->n", dxhat, xhat)[:, None]
    dx = (dxhat - dxhat.mean(dim=1, keepdim=True) - xhat * proj / D) / sigma
    return dx, dbeta, dgamma  # <- wrong


def grad_fixed(x, gamma, beta, t):
    D = x.shape[1]
    xc = x - x.mean(dim=1, keepdim=True)
    sigma = torch.sqrt((xc ** 2).mean(dim=1, keepdim=True) + EPS)
    xhat = xc / sigma
    y = gamma * xhat + beta
    dy = y - t
    dgamma = torch.einsum("nd,nd->d", dy, xhat)
    dbeta = torch.einsum("nd->d", dy)
    dxhat = dy * gamma
    proj = torch.einsum("nd,nd->n", dxhat, xhat)[:, None]
    dx = (dxhat - dxhat.mean(dim=1, keepdim=True) - xhat * proj / D) / sigma
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "t": ("N", "D")},
            draws={}, sizes={"N": 2, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_layernorm_02")
CAUSE = "return-order"
FIX = "wrt is (x, gamma, beta), so return dx, dgamma, dbeta in that order."
