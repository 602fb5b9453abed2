"""Linear layer followed by swish (SiLU), numpy.

z = x W, y = z * sigmoid(z), L = sum(G * y); x (3, 4), W (4, 2), G (3, 2).
Gradient with respect to W.
Mistake: the product rule keeps only z * s (1 - s) and drops the sigmoid(z) term:
swish'(z) = s + z s (1 - s).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(W, x, G):
    return (G * F.silu(x @ W)).sum()


def grad(W, x, G):
    z = np.dot(x, W)
    s = 1.0 / (1.0 + np.exp(-z))
    dz = G * z * s * (1 - s)  # <- wrong
    return np.dot(x.T, dz)


def grad_fixed(W, x, G):
    z = np.dot(x, W)
    s = 1.0 / (1.0 + np.exp(-z))
    dz = G * (s + z * s * (1 - s))
    return np.dot(x.T, dz)


SPEC = dict(wrt="W", shapes={"W": (4, 2), "x": (3, 4), "G": (3, 2)})
case = derivation(loss, grad, **SPEC, name="t_swish_36")
CAUSE = "missing-term"
FIX = "d/dz [z sigmoid(z)] = sigmoid(z) + z sigmoid(z) (1 - sigmoid(z)): both product-rule terms."
