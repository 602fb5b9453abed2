"""LeakyReLU with negative slope 0.2 in torch (no autograd) after a linear map:
h = leaky_relu(x W, 0.2), L = sum(dout * h); x (N, D) = (4, 3), W (3, 5), dout (4, 5).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W, dout):
    return (dout * F.leaky_relu(x @ W, 0.2)).sum()


def grad(x, W, dout):
    z = x @ W
    slope = torch.where(z > 0, torch.ones_like(z), torch.zeros_like(z))  # <- wrong
    dz = dout * slope
    dx = dz @ W.T
    dW = x.T @ dz
    return dx, dW


def grad_fixed(x, W, dout):
    z = x @ W
    slope = torch.where(z > 0, torch.ones_like(z), 0.2 * torch.ones_like(z))
    dz = dout * slope
    dx = dz @ W.T
    dW = x.T @ dz
    return dx, dW


SPEC = dict(wrt=("x", "W"), shapes={"x": ("N", "D"), "W": ("D", "H"), "dout": ("N", "H")},
            sizes={"N": 4, "D": 3, "H": 5})
case = derivation(loss, grad, **SPEC, name="k_act_04")
CAUSE = "mask"
FIX = "A leaky ReLU passes 0.2 of the gradient where z <= 0, not zero as a plain ReLU mask does."
