"""A mish hidden layer with a scalar regression output and F.mse_loss, torch:
h = mish(z) = z tanh(softplus(z)), z = X W1 + b1, out = h w2 + b2, L = mse_loss(out, y);
X (N, D), W1 (D, H), b1 (H,), w2 (H,), b2 (1,), y (N,), N = 9, D = 4, H = 6.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, w2, b2):
    return F.mse_loss(F.mish(X @ W1 + b1) @ w2 + b2, y)


def grad(X, y, W1, b1, w2, b2):
    N = X.shape[0]
    z = X @ W1 + b1
    tsp = torch.tanh(F.softplus(z))
    h = z * tsp
    out = h @ w2 + b2
    dout = (out - y) / N  # <- wrong
    dw2 = h.T @ dout
    db2 = dout.sum().reshape(1)
    dh = torch.outer(dout, w2)
    dz = dh * (tsp + z * (1 - tsp * tsp) * torch.sigmoid(z))
    return X.T @ dz, dz.sum(0), dw2, db2


def grad_fixed(X, y, W1, b1, w2, b2):
    N = X.shape[0]
    z = X @ W1 + b1
    tsp = torch.tanh(F.softplus(z))
    h = z * tsp
    out = h @ w2 + b2
    dout = 2 * (out - y) / N
    dw2 = h.T @ dout
    db2 = dout.sum().reshape(1)
    dh = torch.outer(dout, w2)
    dz = dh * (tsp + z * (1 - tsp * tsp) * torch.sigmoid(z))
    return X.T @ dz, dz.sum(0), dw2, db2


SPEC = dict(wrt=("W1", "b1", "w2", "b2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "b1": ("H",),
                    "w2": ("H",), "b2": (1,)},
            draws={}, sizes={"N": 9, "D": 4, "H": 6})
case = derivation(loss, grad, **SPEC, name="m_act_01")
CAUSE = "mse-convention"
FIX = "mse_loss is mean((out - y)^2) with no 1/2, so dout = 2 (out - y) / N."
