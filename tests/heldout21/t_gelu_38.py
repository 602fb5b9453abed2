"""Linear layer with the tanh-approximation GELU, torch.

z = x W, u = sqrt(2/pi) (z + 0.044715 z^3), y = 0.5 z (1 + tanh(u)), L = sum(G * y);
x (3, 4), W (4, 5), G (3, 5).  Gradient with respect to W.
Mistake: du/dz is written sqrt(2/pi) (1 + 0.044715 z^2); the cube's derivative needs
3 * 0.044715 = 0.134145.
"""

import math

import torch
import torch.nn.functional as F

from verify import derivation

C = math.sqrt(2.0 / math.pi)


def loss(W, x, G):
    return (G * F.gelu(x @ W, approximate="tanh")).sum()


def grad(W, x, G):
    z = x @ W
    t = torch.tanh(C * (z + 0.044715 * z ** 3))
    du = C * (1 + 0.044715 * z ** 2)  # <- wrong
    dgelu = 0.5 * (1 + t) + 0.5 * z * (1 - t ** 2) * du
    return x.T @ (G * dgelu)


def grad_fixed(W, x, G):
    z = x @ W
    t = torch.tanh(C * (z + 0.044715 * z ** 3))
    du = C * (1 + 3 * 0.044715 * z ** 2)
    dgelu = 0.5 * (1 + t) + 0.5 * z * (1 - t ** 2) * du
    return x.T @ (G * dgelu)


SPEC = dict(wrt="W", shapes={"W": (4, 5), "x": (3, 4), "G": (3, 5)})
case = derivation(loss, grad, **SPEC, name="t_gelu_38")
CAUSE = "wrong-coefficient"
FIX = "d/dz (z + 0.044715 z^3) = 1 + 3 * 0.044715 z^2."
