"""Group normalisation (statistics per example and group), torch:
x (N, G, Cg, L) holds N examples of G * Cg channels of length L; per (n, g):
xhat = (x - mean) / sqrt(var + eps) over (Cg, L), y = gamma xhat + beta, L = sum(dout * y);
gamma (G, Cg), beta (G, Cg), dout (N, G, Cg, L) with N = 2, G = 2, Cg = 2, L = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    N, G, Cg, L = x.shape
    y = F.group_norm(x.reshape(N, G * Cg, L), G, gamma.reshape(-1), beta.reshape(-1), EPS)
    return (dout * y.reshape(x.shape)).sum()


def grad(x, gamma, beta, dout):
    mu = x.mean(dim=(2, 3), keepdim=True)
    var = ((x - mu) ** 2).mean(dim=(2, 3), keepdim=True)
    rstd = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dgamma = (dout * xhat).sum(dim=(0, 3))
    dbeta = dout.sum(dim=(0, 3))
    dxhat = dout * gamma[None, :, :, None]
    mean1 = dxhat.mean(dim=(2, 3), keepdim=True)
    mean2 = (dxhat * xhat).mean(dim=(2, 3), keepdim=True)
    dx = rstd * (dxhat - mean1 - xhat * mean2)
    return dx, dbeta, dgamma  # <- wrong


def grad_fixed(x, gamma, beta, dout):
    mu = x.mean(dim=(2, 3), keepdim=True)
    var = ((x - mu) ** 2).mean(dim=(2, 3), keepdim=True)
    rstd = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dgamma = (dout * xhat).sum(dim=(0, 3))
    dbeta = dout.sum(dim=(0, 3))
    dxhat = dout * gamma[None, :, :, None]
    mean1 = dxhat.mean(dim=(2, 3), keepdim=True)
    mean2 = (dxhat * xhat).mean(dim=(2, 3), keepdim=True)
    dx = rstd * (dxhat - mean1 - xhat * mean2)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "G", "Cg", "L"), "gamma": ("G", "Cg"), "beta": ("G", "Cg"),
                    "dout": ("N", "G", "Cg", "L")},
            draws={}, sizes={"N": 2, "G": 2, "Cg": 2, "L": 3})
case = derivation(loss, grad, **SPEC, name="m_groupnorm_01")
CAUSE = "return-order"
FIX = "Return the gradients in the order of wrt: dx, dgamma, dbeta."
