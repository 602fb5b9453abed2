"""A Poisson rate model with a softplus link, torch: rate = softplus(X w + b) + 0.1 (the floor
keeps the log finite), L = mean(rate - y log rate);
X (N, D), w (D,), b (1,), y (N,) positive counts with N = 10, D = 4.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, w, b):
    rate = F.softplus(X @ w + b) + 0.1
    return (rate - y * torch.log(rate)).mean()


def grad(X, y, w, b):
    N = X.shape[0]
    z = X @ w + b
    sp = F.softplus(z)
    rate = sp + 0.1
    drate = (1 - y / rate) / N
    dz = drate * torch.sigmoid(sp)  # <- wrong
    dw = X.T @ dz
    db = dz.sum().reshape(1)
    return dw, db


def grad_fixed(X, y, w, b):
    N = X.shape[0]
    z = X @ w + b
    sp = F.softplus(z)
    rate = sp + 0.1
    drate = (1 - y / rate) / N
    dz = drate * torch.sigmoid(z)
    dw = X.T @ dz
    db = dz.sum().reshape(1)
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",), "b": (1,)},
            draws={"y": ("positive", 2.0, 0.0)}, sizes={"N": 10, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_act_02")
CAUSE = "activation-derivative-of-input"
FIX = "softplus'(z) = sigmoid(z) is evaluated at the input z, not at the output softplus(z)."
