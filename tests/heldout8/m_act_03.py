"""A PReLU hidden layer with one learned negative slope a, half squared error averaged, torch:
z = X W, h = prelu(z, a) = z if z > 0 else a z, out = h v, L = 1/(2N) sum_n (out_n - y_n)^2;
X (N, D), W (D, H), a (1,), v (H,), y (N,), N = 6, D = 3, H = 5.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W, a, v):
    return 0.5 * ((F.prelu(X @ W, a) @ v - y) ** 2).mean()


def grad(X, y, W, a, v):
    N = X.shape[0]
    z = X @ W
    pos = z > 0
    h = torch.where(pos, z, a * z)
    err = (h @ v - y) / N
    dv = h.T @ err
    dh = err[:, None] * v[None, :]
    da = (dh * z * pos).sum().reshape(1)  # <- wrong
    dz = dh * torch.where(pos, torch.ones_like(z), a.expand_as(z))
    return X.T @ dz, da, dv


def grad_fixed(X, y, W, a, v):
    N = X.shape[0]
    z = X @ W
    pos = z > 0
    h = torch.where(pos, z, a * z)
    err = (h @ v - y) / N
    dv = h.T @ err
    dh = err[:, None] * v[None, :]
    da = (dh * z * ~pos).sum().reshape(1)
    dz = dh * torch.where(pos, torch.ones_like(z), a.expand_as(z))
    return X.T @ dz, da, dv


SPEC = dict(wrt=("W", "a", "v"),
            shapes={"X": ("N", "D"), "y": ("N",), "W": ("D", "H"), "a": (1,), "v": ("H",)},
            draws={"a": ("uniform", 0.05, 0.5)}, sizes={"N": 6, "D": 3, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_act_03")
CAUSE = "mask"
FIX = "The slope a only acts where z <= 0, so its gradient sums dh * z over the negative region (~pos)."
