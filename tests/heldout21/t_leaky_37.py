"""Leaky ReLU layer class (slope 0.01, torch's default) after an affine map, numpy.

z = x W + b, y = leaky_relu(z, 0.01), L = sum(G * y); x (4, 3), W (3, 5), b (5,), G (4, 5).
Gradients with respect to W and b.
Mistake: the backward uses the negative slope 0.1 instead of the 0.01 of the forward.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

SLOPE = 0.01


def loss(W, b, x, G):
    return (G * F.leaky_relu(x @ W + b, SLOPE)).sum()


class LeakyReLU:
    def forward(self, z):
        self.z = z
        return np.where(z > 0, z, SLOPE * z)

    def backward(self, dout):
        return np.where(self.z > 0, dout, 0.1 * dout)  # <- wrong


class LeakyReLUFixed(LeakyReLU):
    def backward(self, dout):
        return np.where(self.z > 0, dout, SLOPE * dout)


def grad(W, b, x, G):
    act = LeakyReLU()
    act.forward(x @ W + b)
    dz = act.backward(G)
    return x.T @ dz, dz.sum(axis=0)


def grad_fixed(W, b, x, G):
    act = LeakyReLUFixed()
    act.forward(x @ W + b)
    dz = act.backward(G)
    return x.T @ dz, dz.sum(axis=0)


SPEC = dict(wrt=("W", "b"), shapes={"W": (3, 5), "b": (5,), "x": (4, 3), "G": (4, 5)})
case = derivation(loss, grad, **SPEC, name="t_leaky_37")
CAUSE = "wrong-coefficient"
FIX = "The negative side of leaky_relu has slope 0.01, so backward multiplies dout by SLOPE there."
