"""A four-layer leaky-ReLU network (slope 0.1 below zero) with equal hidden widths, numpy,
backward written out layer by layer: z1 = x W1, h1 = lrelu(z1), z2 = h1 W2, h2 = lrelu(z2),
z3 = h2 W3, h3 = lrelu(z3), y = h3 W4, E = 1/2 sum (y - t)^2; x (N, D), W1 (D, H),
W2 (H, H), W3 (H, H), W4 (H, K), t (N, K), N = 4, D = 3, H = 5, K = 2.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

SLOPE = 0.1


def loss(x, W1, W2, W3, W4, t):
    h = x
    for W in (W1, W2, W3):
        h = F.leaky_relu(h @ W, SLOPE)
    return 0.5 * ((h @ W4 - t) ** 2).sum()


def lrelu(z):
    return np.where(z > 0, z, SLOPE * z)


def lrelu_grad(z):
    return np.where(z > 0, 1.0, SLOPE)


def grad(x, W1, W2, W3, W4, t):
    z1 = x @ W1
    h1 = lrelu(z1)
    z2 = h1 @ W2
    h2 = lrelu(z2)
    z3 = h2 @ W3
    h3 = lrelu(z3)
    dy = h3 @ W4 - t
    dW4 = h3.T @ dy
    dz3 = (dy @ W4.T) * lrelu_grad(z3)
    dW3 = h2.T @ dz3
    dz2 = (dz3 @ W3.T) * lrelu_grad(z3)  # <- wrong
    dW2 = h1.T @ dz2
    dz1 = (dz2 @ W2.T) * lrelu_grad(z1)
    dW1 = x.T @ dz1
    return dW1, dW2, dW3, dW4


def grad_fixed(x, W1, W2, W3, W4, t):
    z1 = x @ W1
    h1 = lrelu(z1)
    z2 = h1 @ W2
    h2 = lrelu(z2)
    z3 = h2 @ W3
    h3 = lrelu(z3)
    dy = h3 @ W4 - t
    dW4 = h3.T @ dy
    dz3 = (dy @ W4.T) * lrelu_grad(z3)
    dW3 = h2.T @ dz3
    dz2 = (dz3 @ W3.T) * lrelu_grad(z2)
    dW2 = h1.T @ dz2
    dz1 = (dz2 @ W2.T) * lrelu_grad(z1)
    dW1 = x.T @ dz1
    return dW1, dW2, dW3, dW4


SPEC = dict(numpy=True, wrt=("W1", "W2", "W3", "W4"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "H"), "W3": ("H", "H"),
                    "W4": ("H", "K"), "t": ("N", "K")},
            sizes={"N": 4, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_deep_03")
CAUSE = "wrong-layer"
FIX = "Layer 2's delta uses layer 2's own pre-activation: dz2 = (dz3 W3^T) * lrelu'(z2), not lrelu'(z3)."
