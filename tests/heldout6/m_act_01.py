"""A softplus hidden layer with a scalar regression output, torch:
h = softplus(X W1 + b1) = log(1 + e^z1), out = h w2 + b2, L = F.mse_loss(out, y);
X (N, D), W1 (D, H), w2 (H,), y (N,) with N = 10, D = 3, H = 7.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, w2, b2):
    z1 = X @ W1 + b1
    out = torch.logaddexp(z1, torch.zeros_like(z1)) @ w2 + b2
    return F.mse_loss(out, y)


def grad(X, y, W1, b1, w2, b2):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = torch.log1p(torch.exp(-z1.abs())) + z1.clamp(min=0)
    out = h @ w2 + b2
    dout = 2 * (out - y) / N
    dw2 = h.T @ dout
    db2 = dout.sum().reshape(1)
    dh = dout[:, None] * w2[None, :]
    dz1 = dh  # <- wrong
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dw2, db2


def grad_fixed(X, y, W1, b1, w2, b2):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = torch.log1p(torch.exp(-z1.abs())) + z1.clamp(min=0)
    out = h @ w2 + b2
    dout = 2 * (out - y) / N
    dw2 = h.T @ dout
    db2 = dout.sum().reshape(1)
    dh = dout[:, None] * w2[None, :]
    dz1 = dh * torch.sigmoid(z1)
    dW1 = X.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dw2, db2


SPEC = dict(wrt=("W1", "b1", "w2", "b2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "b1": ("H",),
                    "w2": ("H",), "b2": (1,)},
            draws={}, sizes={"N": 10, "D": 3, "H": 7})
case = derivation(loss, grad, **SPEC, name="m_act_01")
CAUSE = "activation-derivative-missing"
FIX = "softplus' is the sigmoid, so dz1 = dh * sigmoid(z1)."
