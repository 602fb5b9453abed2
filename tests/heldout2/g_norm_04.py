"""Layer normalization without affine parameters in torch, backward through the mean form
dx = rstd (dxhat - mean_j dxhat - xhat mean_j(dxhat xhat)), checked through
L = sum(g * layer_norm(x)); x (N, D), g (N, D).
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, g):
    return (g * F.layer_norm(x, (x.shape[-1],), eps=EPS)).sum()


def grad(x, g):
    mu = x.mean(dim=-1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=-1, keepdim=True)
    rstd = torch.rsqrt(var + EPS)
    xhat = (x - mu) * rstd
    m1 = g.mean(dim=0, keepdim=True)  # <- wrong
    m2 = (g * xhat).mean(dim=-1, keepdim=True)
    return rstd * (g - m1 - xhat * m2)


def grad_fixed(x, g):
    mu = x.mean(dim=-1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=-1, keepdim=True)
    rstd = torch.rsqrt(var + EPS)
    xhat = (x - mu) * rstd
    m1 = g.mean(dim=-1, keepdim=True)
    m2 = (g * xhat).mean(dim=-1, keepdim=True)
    return rstd * (g - m1 - xhat * m2)


SPEC = dict(wrt="x", shapes={"x": ("N", "D"), "g": ("N", "D")}, sizes={"N": 4, "D": 6})
case = derivation(loss, grad, **SPEC, name="g_norm_04")
CAUSE = "reduction-axis"
FIX = "Both means run over the normalised features, dim=-1; dim=0 is batchnorm's batch axis."
