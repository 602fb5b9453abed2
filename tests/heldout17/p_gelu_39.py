"""Linear layer with the tanh-approximate GELU, numpy: Z = X W,
Y = Z/2 (1 + tanh(c (Z + a Z^3))), c = sqrt(2/pi), a = 0.044715, L = sum(G * Y); X (4, 3), W (3, 5), G (4, 5).
"""

import math

import numpy as np
import torch.nn.functional as F

from verify import derivation

C = math.sqrt(2.0 / math.pi)
A = 0.044715


def loss(X, W, G):
    return (G * F.gelu(X @ W, approximate="tanh")).sum()


def grad(X, W, G):
    Z = X @ W
    th = np.tanh(C * (Z + A * Z ** 3))
    du = C * (1 + A * Z ** 2)  # <- wrong
    dgelu = 0.5 * (1 + th) + 0.5 * Z * (1 - th ** 2) * du
    return X.T @ (G * dgelu)


def grad_fixed(X, W, G):
    Z = X @ W
    th = np.tanh(C * (Z + A * Z ** 3))
    du = C * (1 + 3 * A * Z ** 2)
    dgelu = 0.5 * (1 + th) + 0.5 * Z * (1 - th ** 2) * du
    return X.T @ (G * dgelu)


SPEC = dict(wrt="W", shapes={"X": (4, 3), "W": (3, 5), "G": (4, 5)})
case = derivation(loss, grad, **SPEC, name="p_gelu_39")
CAUSE = "wrong-coefficient"
FIX = "d/dZ of a Z^3 is 3 a Z^2: du = c (1 + 3 a Z^2)."
