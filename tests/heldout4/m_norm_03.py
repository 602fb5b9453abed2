"""Layer normalisation without affine parameters, torch, adapted from a batch-norm backward:
xhat = (x - mean_D(x)) / sqrt(var_D(x) + eps) over the D features of each row,
loss = sum(dout * xhat); x (N, D), dout (N, D), N = 3, D = 5.
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, dout):
    return (dout * F.layer_norm(x, (x.shape[-1],), eps=EPS)).sum()


def grad(x, dout):
    mu = x.mean(dim=-1, keepdim=True)
    rstd = 1 / torch.sqrt(((x - mu) ** 2).mean(dim=-1, keepdim=True) + EPS)
    xhat = (x - mu) * rstd
    N = x.shape[0]  # <- wrong
    dx = rstd / N * (N * dout - dout.sum(dim=-1, keepdim=True)
                     - xhat * (dout * xhat).sum(dim=-1, keepdim=True))
    return dx


def grad_fixed(x, dout):
    mu = x.mean(dim=-1, keepdim=True)
    rstd = 1 / torch.sqrt(((x - mu) ** 2).mean(dim=-1, keepdim=True) + EPS)
    xhat = (x - mu) * rstd
    N = x.shape[-1]
    dx = rstd / N * (N * dout - dout.sum(dim=-1, keepdim=True)
                     - xhat * (dout * xhat).sum(dim=-1, keepdim=True))
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "D"), "dout": ("N", "D")}, sizes={"N": 3, "D": 5})
case = derivation(loss, grad, **SPEC, name="m_norm_03")
CAUSE = "wrong-divisor"
FIX = "Layer norm averages over the D features of a row, so the count is x.shape[-1], not the batch size."
