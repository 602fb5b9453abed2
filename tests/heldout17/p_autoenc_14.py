"""Autoencoder with a tanh code and a linear decoder, torch: code = tanh(X We), recon = code Wd,
L = F.mse_loss(recon, X); X (N, D), We (D, K), Wd (K, D); N = 6, D = 5, K = 2.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, We, Wd):
    return F.mse_loss(torch.tanh(X @ We) @ Wd, X)


def grad(X, We, Wd):
    code = torch.tanh(X @ We)
    recon = code @ Wd
    err = recon - X  # <- wrong
    dWd = code.T @ err
    dcode = err @ Wd.T
    dWe = X.T @ (dcode * (1 - code ** 2))
    return dWe, dWd


def grad_fixed(X, We, Wd):
    code = torch.tanh(X @ We)
    recon = code @ Wd
    err = 2 * (recon - X) / X.numel()
    dWd = code.T @ err
    dcode = err @ Wd.T
    dWe = X.T @ (dcode * (1 - code ** 2))
    return dWe, dWd


SPEC = dict(wrt=("We", "Wd"), shapes={"X": ("N", "D"), "We": ("D", "K"), "Wd": ("K", "D")},
            sizes={"N": 6, "D": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="p_autoenc_14")
CAUSE = "mse-convention"
FIX = "F.mse_loss is mean((recon - X)^2), so the error signal is 2 (recon - X) / numel, not the 1/2-sum's recon - X."
