"""Batch normalisation's parameter gradients, torch: out = gamma xhat + beta with xhat
normalised over the batch, loss = sum(dout * out); x (N, D), gamma (D,), beta (D,),
dout (N, D), N = 4, D = 3. Gradients of gamma and beta.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, gamma, beta, dout):
    return (dout * F.batch_norm(x, None, None, gamma, beta, training=True)).sum()


def grad(x, gamma, beta, dout):
    mu = x.mean(dim=0)
    var = x.var(dim=0, unbiased=False)
    xhat = (x - mu) / torch.sqrt(var + 1e-5)
    dgamma = (dout * xhat).sum(dim=0)
    dbeta = dout.mean(dim=0)  # <- wrong
    return dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    mu = x.mean(dim=0)
    var = x.var(dim=0, unbiased=False)
    xhat = (x - mu) / torch.sqrt(var + 1e-5)
    dgamma = (dout * xhat).sum(dim=0)
    dbeta = dout.sum(dim=0)
    return dgamma, dbeta


SPEC = dict(wrt=("gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_norm_05")
CAUSE = "batch-mean"
FIX = "beta is added to every row and the loss sums over them, so dbeta = dout.sum(0), with no 1/N."
