"""A single ELU layer (alpha = 1) with an upstream gradient, pure Python loops.

y = elu(x W), L = sum(G * y); x (2, 3), W (3, 2), G (2, 2).  Gradient with respect to W.
Mistake: for z <= 0 the ELU derivative alpha * exp(z) is evaluated at the output y,
alpha * exp(y), instead of at z (or as y + alpha).
"""

import math

import torch.nn.functional as F

from verify import derivation

ALPHA = 1.0


def loss(W, x, G):
    return (G * F.elu(x @ W, alpha=ALPHA)).sum()


def grad(W, x, G):
    n_in, n_out = len(W), len(W[0])
    dW = [[0.0] * n_out for _ in range(n_in)]
    for xr, gr in zip(x, G):
        for j in range(n_out):
            z = sum(xr[i] * W[i][j] for i in range(n_in))
            y = z if z > 0 else ALPHA * (math.exp(z) - 1)
            dy = 1.0 if z > 0 else ALPHA * math.exp(y)  # <- wrong
            for i in range(n_in):
                dW[i][j] += gr[j] * dy * xr[i]
    return dW


def grad_fixed(W, x, G):
    n_in, n_out = len(W), len(W[0])
    dW = [[0.0] * n_out for _ in range(n_in)]
    for xr, gr in zip(x, G):
        for j in range(n_out):
            z = sum(xr[i] * W[i][j] for i in range(n_in))
            y = z if z > 0 else ALPHA * (math.exp(z) - 1)
            dy = 1.0 if z > 0 else y + ALPHA
            for i in range(n_in):
                dW[i][j] += gr[j] * dy * xr[i]
    return dW


SPEC = dict(wrt="W", shapes={"W": (3, 2), "x": (2, 3), "G": (2, 2)})
case = derivation(loss, grad, **SPEC, name="t_elu_24")
CAUSE = "activation-derivative-of-input"
FIX = "For z <= 0, elu'(z) = alpha exp(z) = y + alpha; exp must not be taken of the output y."
