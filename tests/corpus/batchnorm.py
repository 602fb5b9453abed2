"""Batch normalization's backward pass, written four ways as people write it.

- the book's ``BatchNormalization`` layer class (``std = np.sqrt(var + 10e-7)``, running
  averages updated in the forward pass, backward through ``dstd`` and ``dvar``);
- the assignment's staged form: the forward pass cut into a computational graph of
  ``xmu, sq, var, sqrtvar, ivar, xhat``, and the backward pass walking it node by node with
  ``np.ones((N, D))`` buffers;
- the assignment's short form
  ``dx = (1/N) gamma / std (N dout - sum dout - xhat sum(dout xhat))``, reused for spatial
  batch norm (channels moved last, flattened to (N*H*W, C)) and for layer norm (the same
  code on the transpose);
- the short form in torch as a plain gradient function.

Each loss is ``sum(dout * y)`` with the normalization written in torch, so ``dx`` is exactly
what the backward pass returns for ``dout``.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5

# --- the book's layer ------------------------------------------------------------------------


class BatchNormalization:
    def __init__(self, gamma, beta, momentum=0.9, running_mean=None, running_var=None):
        self.gamma = gamma
        self.beta = beta
        self.momentum = momentum
        self.input_shape = None

        self.running_mean = running_mean
        self.running_var = running_var

        # used in backward
        self.batch_size = None
        self.xc = None
        self.xn = None
        self.std = None
        self.dgamma = None
        self.dbeta = None

    def forward(self, x, train_flg=True):
        self.input_shape = x.shape
        if x.ndim != 2:
            N = x.shape[0]
            x = x.reshape(N, -1)
        out = self.__forward(x, train_flg)
        return out.reshape(*self.input_shape)

    def __forward(self, x, train_flg):
        if self.running_mean is None:
            D = x.shape[1]
            self.running_mean = np.zeros(D)
            self.running_var = np.zeros(D)

        if train_flg:
            mu = x.mean(axis=0)
            xc = x - mu
            var = np.mean(xc ** 2, axis=0)
            std = np.sqrt(var + 10e-7)
            xn = xc / std

            self.batch_size = x.shape[0]
            self.xc = xc
            self.xn = xn
            self.std = std
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var
        else:
            xc = x - self.running_mean
            xn = xc / np.sqrt(self.running_var + 10e-7)

        out = self.gamma * xn + self.beta
        return out

    def backward(self, dout):
        if dout.ndim != 2:
            N = dout.shape[0]
            dout = dout.reshape(N, -1)
        dx = self.__backward(dout)
        dx = dx.reshape(*self.input_shape)
        return dx

    def __backward(self, dout):
        dbeta = dout.sum(axis=0)
        dgamma = np.sum(self.xn * dout, axis=0)
        dxn = self.gamma * dout
        dxc = dxn / self.std
        dstd = -np.sum((dxn * self.xc) / (self.std * self.std), axis=0)
        dvar = 0.5 * dstd / self.std
        dxc += (2.0 / self.batch_size) * self.xc * dvar
        dmu = np.sum(dxc, axis=0)
        dx = dxc - dmu / self.batch_size

        self.dgamma = dgamma
        self.dbeta = dbeta
        return dx


# --- the assignment's functions --------------------------------------------------------------


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)

    N, D = x.shape
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        # step by step, one node of the graph per line
        mu = 1.0 / N * np.sum(x, axis=0)
        xmu = x - mu
        sq = xmu ** 2
        var = 1.0 / N * np.sum(sq, axis=0)
        sqrtvar = np.sqrt(var + eps)
        ivar = 1.0 / sqrtvar
        xhat = xmu * ivar
        gammax = gamma * xhat
        out = gammax + beta

        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (xhat, gamma, xmu, ivar, sqrtvar, var, eps)
    else:
        xhat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * xhat + beta

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    xhat, gamma, xmu, ivar, sqrtvar, var, eps = cache
    N, D = dout.shape

    dbeta = np.sum(dout, axis=0)
    dgammax = dout

    dgamma = np.sum(dgammax * xhat, axis=0)
    dxhat = dgammax * gamma

    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar

    dsqrtvar = -1.0 / (sqrtvar ** 2) * divar
    dvar = 0.5 * 1.0 / np.sqrt(var + eps) * dsqrtvar
    dsq = 1.0 / N * np.ones((N, D)) * dvar
    dxmu2 = 2 * xmu * dsq

    dx1 = dxmu1 + dxmu2
    dmu = -1 * np.sum(dxmu1 + dxmu2, axis=0)
    dx2 = 1.0 / N * np.ones((N, D)) * dmu

    dx = dx1 + dx2
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    xhat, gamma, _, ivar, *_ = cache
    N = dout.shape[0]

    dbeta = dout.sum(axis=0)
    dgamma = np.sum(xhat * dout, axis=0)
    dx = (1.0 / N) * gamma * ivar * (N * dout - np.sum(dout, axis=0)
                                     - xhat * np.sum(dout * xhat, axis=0))
    return dx, dgamma, dbeta


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    x_flat = x.transpose(0, 2, 3, 1).reshape(-1, C)
    out, cache = batchnorm_forward(x_flat, gamma, beta, bn_param)
    out = out.reshape(N, H, W, C).transpose(0, 3, 1, 2)
    return out, cache


def spatial_batchnorm_backward(dout, cache):
    N, C, H, W = dout.shape
    dout_flat = dout.transpose(0, 2, 3, 1).reshape(-1, C)
    dx, dgamma, dbeta = batchnorm_backward_alt(dout_flat, cache)
    dx = dx.reshape(N, H, W, C).transpose(0, 3, 1, 2)
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, ln_param):
    # layer norm is batch norm of the transpose: normalise each row instead of each column
    eps = ln_param.get("eps", 1e-5)
    out, cache = batchnorm_forward(x.T, np.ones(x.shape[0]), np.zeros(x.shape[0]),
                                   {"mode": "train", "eps": eps})
    xhat = out.T
    out = gamma * xhat + beta
    return out, (cache, xhat, gamma)


def layernorm_backward(dout, cache):
    bn_cache, xhat, gamma = cache
    dgamma = np.sum(dout * xhat, axis=0)
    dbeta = np.sum(dout, axis=0)
    dx, _, _ = batchnorm_backward_alt((dout * gamma).T, bn_cache)
    return dx.T, dgamma, dbeta


# --- the derivations -----------------------------------------------------------------------


def _batchnorm(x, gamma, beta, eps, dims=(0,)):
    mu = x.mean(dim=dims, keepdim=True)
    var = x.var(dim=dims, unbiased=False, keepdim=True)
    return gamma * (x - mu) / torch.sqrt(var + eps) + beta


def book_loss(x, gamma, beta, dout):
    return (dout * _batchnorm(x, gamma, beta, 10e-7)).sum()


def book_grad(x, gamma, beta, dout):
    layer = BatchNormalization(gamma, beta)
    layer.forward(x, train_flg=True)
    dx = layer.backward(dout)
    return dx, layer.dgamma, layer.dbeta


book_batchnorm = derivation(
    book_loss, book_grad, wrt=("x", "gamma", "beta"),
    shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
    sizes={"N": 6, "D": 4})


def batchnorm_loss(x, gamma, beta, dout):
    return (dout * _batchnorm(x, gamma, beta, EPS)).sum()


def staged_grad(x, gamma, beta, dout):
    _, cache = batchnorm_forward(x, gamma, beta, {"mode": "train", "eps": EPS})
    return batchnorm_backward(dout, cache)


def short_grad(x, gamma, beta, dout):
    _, cache = batchnorm_forward(x, gamma, beta, {"mode": "train", "eps": EPS})
    return batchnorm_backward_alt(dout, cache)


batchnorm_staged = derivation(
    batchnorm_loss, staged_grad, wrt=("x", "gamma", "beta"),
    shapes={"x": (5, 3), "gamma": (3,), "beta": (3,), "dout": (5, 3)})

batchnorm_short = derivation(
    batchnorm_loss, short_grad, wrt=("x", "gamma", "beta"),
    shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
    sizes={"N": 4, "D": 4})


def spatial_loss(x, gamma, beta, dout):
    y = _batchnorm(x, gamma[:, None, None], beta[:, None, None], EPS, dims=(0, 2, 3))
    return (dout * y).sum()


def spatial_grad(x, gamma, beta, dout):
    _, cache = spatial_batchnorm_forward(x, gamma, beta, {"mode": "train", "eps": EPS})
    return spatial_batchnorm_backward(dout, cache)


spatial_batchnorm = derivation(
    spatial_loss, spatial_grad, wrt=("x", "gamma", "beta"),
    shapes={"x": (2, 3, 2, 3), "gamma": (3,), "beta": (3,), "dout": (2, 3, 2, 3)})


def layernorm_loss(x, gamma, beta, dout):
    mu = x.mean(dim=1, keepdim=True)
    var = x.var(dim=1, unbiased=False, keepdim=True)
    return (dout * (gamma * (x - mu) / torch.sqrt(var + EPS) + beta)).sum()


def layernorm_grad(x, gamma, beta, dout):
    _, cache = layernorm_forward(x, gamma, beta, {"eps": EPS})
    return layernorm_backward(dout, cache)


layernorm_transposed = derivation(
    layernorm_loss, layernorm_grad, wrt=("x", "gamma", "beta"),
    shapes={"x": (3, 6), "gamma": (6,), "beta": (6,), "dout": (3, 6)})


def batchnorm_torch_grad(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(0)
    var = ((x - mu) ** 2).mean(0)
    std = torch.sqrt(var + EPS)
    xhat = (x - mu) / std
    dbeta = dout.sum(0)
    dgamma = (dout * xhat).sum(0)
    dx = (1.0 / N) * gamma / std * (N * dout - dout.sum(0) - xhat * (dout * xhat).sum(0))
    return dx, dgamma, dbeta


batchnorm_torch = derivation(
    batchnorm_loss, batchnorm_torch_grad, wrt=("x", "gamma", "beta"),
    shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
    sizes={"N": 8, "D": 3})
