"""Layer normalisation over the features of each row, checked through an upstream gradient, torch:
xhat = (x - mean_d x) / sqrt(var_d x + eps), y = gamma xhat + beta, E = sum(G * y);
x (N, D), gamma (D,), beta (D,), G (N, D), with N = 3, D = 4.
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, G):
    return (G * F.layer_norm(x, (x.shape[1],), gamma, beta, eps=EPS)).sum()


def grad(x, gamma, beta, G):
    D = x.shape[1]
    mu = x.mean(dim=1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=1, keepdim=True)
    inv_std = torch.rsqrt(var + EPS)
    xhat = (x - mu) * inv_std
    dgamma = (G * x).sum(dim=0)  # <- wrong
    dbeta = G.sum(dim=0)
    dxhat = G * gamma
    dx = inv_std / D * (D * dxhat - dxhat.sum(dim=1, keepdim=True)
                        - xhat * (dxhat * xhat).sum(dim=1, keepdim=True))
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, G):
    D = x.shape[1]
    mu = x.mean(dim=1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=1, keepdim=True)
    inv_std = torch.rsqrt(var + EPS)
    xhat = (x - mu) * inv_std
    dgamma = (G * xhat).sum(dim=0)
    dbeta = G.sum(dim=0)
    dxhat = G * gamma
    dx = inv_std / D * (D * dxhat - dxhat.sum(dim=1, keepdim=True)
                        - xhat * (dxhat * xhat).sum(dim=1, keepdim=True))
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "G": ("N", "D")},
            draws={}, sizes={"N": 3, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_layernorm_01")
CAUSE = "wrong-operand"
FIX = "gamma multiplies the normalised input, so dgamma sums G * xhat, not G * x."
