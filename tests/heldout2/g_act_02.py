"""A ReLU backward written as one torch expression, checked through L = sum(g * relu(z)):
z (5, 4) the pre-activation, g (5, 4) the upstream gradient.
"""

import torch

from verify import derivation


def loss(z, g):
    return (g * torch.relu(z)).sum()


def relu_backward(g, z):
    return g * (g > 0)  # <- wrong


def relu_backward_fixed(g, z):
    return g * (z > 0)


def grad(z, g):
    return relu_backward(g, z)


def grad_fixed(z, g):
    return relu_backward_fixed(g, z)


SPEC = dict(wrt="z", shapes={"z": ("N", "H"), "g": ("N", "H")}, sizes={"N": 5, "H": 4})
case = derivation(loss, grad, **SPEC, name="g_act_02")
CAUSE = "mask"
FIX = "The ReLU gate is open where the input is positive: g * (z > 0), not where g is."
