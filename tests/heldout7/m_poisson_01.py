"""Poisson regression with a softplus link, torch: z = X w + b, rate = softplus(z),
L = 1/N sum_n (rate_n - y_n log rate_n) (the Poisson negative log-likelihood up to a constant);
X (N, D), w (D,), b (1,), y (N,) positive counts-like targets with N = 9, D = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, w, b):
    rate = F.softplus(X @ w + b)
    return (rate - y * torch.log(rate)).mean()


def grad(X, y, w, b):
    z = X @ w + b
    rate = F.softplus(z)
    dL_drate = (1.0 - y / rate) / X.shape[0]
    drate_dz = torch.sigmoid(rate)  # <- wrong
    dz = dL_drate * drate_dz
    return X.T @ dz, dz.sum(0, keepdim=True)


def grad_fixed(X, y, w, b):
    z = X @ w + b
    rate = F.softplus(z)
    dL_drate = (1.0 - y / rate) / X.shape[0]
    drate_dz = torch.sigmoid(z)
    dz = dL_drate * drate_dz
    return X.T @ dz, dz.sum(0, keepdim=True)


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",), "b": (1,)},
            draws={"y": "positive"}, sizes={"N": 9, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_poisson_01")
CAUSE = "activation-derivative-of-input"
FIX = "softplus'(z) is sigmoid(z), taken at the pre-activation z, not at the rate softplus(z)."
