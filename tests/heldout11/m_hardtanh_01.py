"""A hardtanh hidden layer (clamp to [-1, 1]) with PyTorch's mean squared error, torch:
z = X W + b, h = clamp(z, -1, 1), y = h v, L = F.mse_loss(y, t);
X (N, D), W (D, H), b (H,), v (H,), t (N,) with N = 6, D = 3, H = 4.
"""

import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, v, t):
    return F.mse_loss(F.hardtanh(X @ W + b) @ v, t)


def grad(X, W, b, v, t):
    z = X @ W + b
    h = z.clamp(-1.0, 1.0)
    y = h @ v
    dy = 2.0 * (y - t) / y.shape[0]
    dv = h.T @ dy
    dh = dy[:, None] * v[None, :]
    inside = z > -1.0  # <- wrong
    dz = dh * inside
    dW = X.T @ dz
    db = dz.sum(dim=0)
    return dW, db, dv


def grad_fixed(X, W, b, v, t):
    z = X @ W + b
    h = z.clamp(-1.0, 1.0)
    y = h @ v
    dy = 2.0 * (y - t) / y.shape[0]
    dv = h.T @ dy
    dh = dy[:, None] * v[None, :]
    inside = (z > -1.0) & (z < 1.0)
    dz = dh * inside
    dW = X.T @ dz
    db = dz.sum(dim=0)
    return dW, db, dv


SPEC = dict(wrt=("W", "b", "v"),
            shapes={"X": ("N", "D"), "W": ("D", "H"), "b": ("H",), "v": ("H",), "t": ("N",)},
            draws={}, sizes={"N": 6, "D": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="m_hardtanh_01")
CAUSE = "mask"
FIX = "hardtanh is flat above 1 as well as below -1, so the mask is -1 < z < 1."
