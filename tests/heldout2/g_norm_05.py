"""Batch normalization in a d2l-style torch function (training statistics), with the
compact backward, checked through L = sum(dY * Y); X (8, 3), gamma, beta (3,).
"""

import torch

from verify import derivation

EPS = 1e-5


def batch_norm(X, gamma, beta):
    mean = X.mean(dim=0)
    var = ((X - mean) ** 2).mean(dim=0)
    X_hat = (X - mean) / torch.sqrt(var + EPS)
    return gamma * X_hat + beta, X_hat, var


def loss(X, gamma, beta, dY):
    Y, _, _ = batch_norm(X, gamma, beta)
    return (dY * Y).sum()


def grad(X, gamma, beta, dY):
    m = X.shape[0]
    _, X_hat, var = batch_norm(X, gamma, beta)
    dX_hat = dY * gamma
    inv_std = 1.0 / torch.sqrt(var + EPS)
    dX = inv_std / m * (m * dX_hat - dX_hat.sum(0) + X_hat * (dX_hat * X_hat).sum(0))  # <- wrong
    return dX, (dY * X_hat).sum(0), dY.sum(0)


def grad_fixed(X, gamma, beta, dY):
    m = X.shape[0]
    _, X_hat, var = batch_norm(X, gamma, beta)
    dX_hat = dY * gamma
    inv_std = 1.0 / torch.sqrt(var + EPS)
    dX = inv_std / m * (m * dX_hat - dX_hat.sum(0) - X_hat * (dX_hat * X_hat).sum(0))
    return dX, (dY * X_hat).sum(0), dY.sum(0)


SPEC = dict(wrt=("X", "gamma", "beta"),
            shapes={"X": (8, 3), "gamma": (3,), "beta": (3,), "dY": (8, 3)})
case = derivation(loss, grad, **SPEC, name="g_norm_05")
CAUSE = "sign"
FIX = "The variance path enters with a minus: - X_hat * sum(dX_hat * X_hat)."
