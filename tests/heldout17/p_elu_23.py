"""ELU hidden layer in a small regression net, torch: Z = X W, A = elu(Z) (alpha = 1), y = A v,
L = 1/2 sum (y - t)^2; X (6, 3), W (3, 4), v (4,), t (6,).
"""

import torch
import torch.nn.functional as F

from verify import derivation

ALPHA = 1.0


def loss(X, W, v, t):
    y = F.elu(X @ W, alpha=ALPHA) @ v
    return 0.5 * ((y - t) ** 2).sum()


def grad(X, W, v, t):
    Z = X @ W
    A = torch.where(Z > 0, Z, ALPHA * (torch.exp(Z) - 1))
    r = A @ v - t
    dv = A.T @ r
    dA = torch.outer(r, v)
    dZ = dA * torch.where(Z > 0, torch.ones_like(Z), ALPHA * torch.exp(A))  # <- wrong
    return X.T @ dZ, dv


def grad_fixed(X, W, v, t):
    Z = X @ W
    A = torch.where(Z > 0, Z, ALPHA * (torch.exp(Z) - 1))
    r = A @ v - t
    dv = A.T @ r
    dA = torch.outer(r, v)
    dZ = dA * torch.where(Z > 0, torch.ones_like(Z), ALPHA * torch.exp(Z))
    return X.T @ dZ, dv


SPEC = dict(wrt=("W", "v"), shapes={"X": (6, 3), "W": (3, 4), "v": (4,), "t": (6,)})
case = derivation(loss, grad, **SPEC, name="p_elu_23")
CAUSE = "activation-derivative-of-input"
FIX = "For Z <= 0 the ELU derivative is alpha exp(Z) (= A + alpha), not alpha exp(A)."
