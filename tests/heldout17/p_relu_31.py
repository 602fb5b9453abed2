"""Affine layer followed by a ReLU layer class that caches its mask, numpy (book style):
h = relu(x W + b), L = sum(G * h); x (N, D), W (D, M), b (M,), G (N, M); N = 6, D = 3, M = 4.
"""

import torch

from verify import derivation


def loss(x, W, b, G):
    return (G * torch.relu(x @ W + b)).sum()


class Relu:
    def forward(self, x):
        self.mask = x > 0
        out = x.copy()
        out[~self.mask] = 0
        return out

    def backward(self, dout):
        dx = dout.copy()
        dx[self.mask] = 0  # <- wrong
        return dx


class ReluFixed(Relu):
    def backward(self, dout):
        dx = dout.copy()
        dx[~self.mask] = 0
        return dx


def grad(x, W, b, G):
    act = Relu()
    act.forward(x @ W + b)
    dz = act.backward(G)
    return x.T @ dz, dz.sum(axis=0)


def grad_fixed(x, W, b, G):
    act = ReluFixed()
    act.forward(x @ W + b)
    dz = act.backward(G)
    return x.T @ dz, dz.sum(axis=0)


SPEC = dict(wrt=("W", "b"), shapes={"x": ("N", "D"), "W": ("D", "M"), "b": ("M",), "G": ("N", "M")},
            sizes={"N": 6, "D": 3, "M": 4})
case = derivation(loss, grad, **SPEC, name="p_relu_31")
CAUSE = "mask"
FIX = "self.mask marks the positive inputs, so the gradient is zeroed where the mask is False: dx[~self.mask] = 0."
