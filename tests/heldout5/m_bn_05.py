"""Course-style batchnorm_forward / batchnorm_backward in numpy with a cache tuple (training
mode), out = gamma * xhat + beta; loss = sum(dout * out);
x (9, 6), gamma (6,), beta (6,), dout (9, 6).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def batchnorm_forward(x, gamma, beta, eps=EPS):
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    std = np.sqrt(var + eps)
    xhat = (x - mu) / std
    out = gamma * xhat + beta
    return out, (x, xhat, gamma, std)


def batchnorm_backward(dout, cache):
    x, xhat, gamma, std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x).sum(axis=0)  # <- wrong
    dxhat = dout * gamma
    dx = (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=0)) / std
    return dx, dgamma, dbeta


def batchnorm_backward_fixed(dout, cache):
    x, xhat, gamma, std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dx = (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=0)) / std
    return dx, dgamma, dbeta


def loss(x, gamma, beta, dout):
    out = F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)
    return (dout * out).sum()


def grad(x, gamma, beta, dout):
    out, cache = batchnorm_forward(x, gamma, beta)
    return batchnorm_backward(dout, cache)


def grad_fixed(x, gamma, beta, dout):
    out, cache = batchnorm_forward(x, gamma, beta)
    return batchnorm_backward_fixed(dout, cache)


SPEC = dict(numpy=True, wrt=("x", "gamma", "beta"),
            shapes={"x": (9, 6), "gamma": (6,), "beta": (6,), "dout": (9, 6)})
case = derivation(loss, grad, **SPEC, name="m_bn_05")
CAUSE = "wrong-operand"
FIX = "gamma scales the normalised input, so dgamma = sum(dout * xhat), not sum(dout * x)."
