"""Two leaky-ReLU layers (slope 0.1) with half the squared error, torch:
z1 = x W1, h1 = leaky(z1), z2 = h1 W2, h2 = leaky(z2), L = 1/2 ||h2 - t||^2;
x (6, 3), W1 (3, 4), W2 (4, 4), t (6, 4).
"""

import torch
import torch.nn.functional as F

from verify import derivation

SLOPE = 0.1


def loss(x, W1, W2, t):
    h1 = F.leaky_relu(x @ W1, SLOPE)
    h2 = F.leaky_relu(h1 @ W2, SLOPE)
    return 0.5 * ((h2 - t) ** 2).sum()


def dleaky(z):
    return torch.where(z > 0, torch.ones_like(z), torch.full_like(z, SLOPE))


def grad(x, W1, W2, t):
    z1 = x @ W1
    h1 = F.leaky_relu(z1, SLOPE)
    z2 = h1 @ W2
    h2 = F.leaky_relu(z2, SLOPE)
    dz2 = (h2 - t) * dleaky(z1)  # <- wrong
    dW2 = h1.T @ dz2
    dz1 = (dz2 @ W2.T) * dleaky(z1)
    dW1 = x.T @ dz1
    return dW1, dW2


def grad_fixed(x, W1, W2, t):
    z1 = x @ W1
    h1 = F.leaky_relu(z1, SLOPE)
    z2 = h1 @ W2
    h2 = F.leaky_relu(z2, SLOPE)
    dz2 = (h2 - t) * dleaky(z2)
    dW2 = h1.T @ dz2
    dz1 = (dz2 @ W2.T) * dleaky(z1)
    dW1 = x.T @ dz1
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"x": (6, 3), "W1": (3, 4), "W2": (4, 4), "t": (6, 4)})
case = derivation(loss, grad, **SPEC, name="n_leaky_26")
CAUSE = "wrong-layer"
FIX = "The output delta needs the slope of the output layer's own pre-activation: dz2 = (h2 - t) * dleaky(z2)."
