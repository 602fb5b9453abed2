"""A linear autoencoder trained with F.mse_loss, torch backward:
h = x We, r = h Wd, L = F.mse_loss(r, x) (mean over all N*D entries);
x (N, D), We (D, H), Wd (H, D) with N = 8, D = 6, H = 3.
"""

import torch.nn.functional as F

from verify import derivation


def loss(x, We, Wd):
    return F.mse_loss(x @ We @ Wd, x)


def grad(x, We, Wd):
    h = x @ We
    r = h @ Wd
    dr = (r - x) / x.numel()  # <- wrong
    dWd = h.T @ dr
    dh = dr @ Wd.T
    dWe = x.T @ dh
    return dWe, dWd


def grad_fixed(x, We, Wd):
    h = x @ We
    r = h @ Wd
    dr = 2 * (r - x) / x.numel()
    dWd = h.T @ dr
    dh = dr @ Wd.T
    dWe = x.T @ dh
    return dWe, dWd


SPEC = dict(wrt=("We", "Wd"),
            shapes={"x": ("N", "D"), "We": ("D", "H"), "Wd": ("H", "D")},
            draws={}, sizes={"N": 8, "D": 6, "H": 3})
case = derivation(loss, grad, **SPEC, name="m_autoencoder_01")
CAUSE = "mse-convention"
FIX = "mse_loss is mean((r - x)^2) with no 1/2, so dr = 2 (r - x) / numel."
