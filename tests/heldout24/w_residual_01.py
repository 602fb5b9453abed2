"""A residual block built from torch layer objects, under an upstream gradient G:
out = x + relu(x W1) W2, L = sum(G * out); x (N, D), W1 (D, H), W2 (H, D), G (N, D).
"""

import torch

from verify import derivation


class Linear:
    def __init__(self, W):
        self.W = W

    def forward(self, x):
        self.x = x
        return x @ self.W

    def backward(self, dout):
        self.dW = self.x.T @ dout
        return dout @ self.W.T


class ReLU:
    def forward(self, x):
        self.mask = (x > 0).to(x.dtype)
        return x * self.mask

    def backward(self, dout):
        return dout * self.mask


def loss(x, W1, W2, G):
    return (G * (x + torch.relu(x @ W1) @ W2)).sum()


def grad(x, W1, W2, G):
    branch = [Linear(W1), ReLU(), Linear(W2)]
    h = x
    for layer in branch:
        h = layer.forward(h)
    out = x + h
    d = G
    for layer in reversed(branch):
        d = layer.backward(d)
    dx = d  # <- wrong
    return dx, branch[0].dW, branch[2].dW


def grad_fixed(x, W1, W2, G):
    branch = [Linear(W1), ReLU(), Linear(W2)]
    h = x
    for layer in branch:
        h = layer.forward(h)
    out = x + h
    d = G
    for layer in reversed(branch):
        d = layer.backward(d)
    dx = d + G
    return dx, branch[0].dW, branch[2].dW


SPEC = dict(wrt=("x", "W1", "W2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "D"), "G": ("N", "D")},
            draws={}, sizes={"N": 3, "D": 4, "H": 5})
case = derivation(loss, grad, **SPEC, name="w_residual_01")
CAUSE = "missing-term"
FIX = "x reaches the output through the branch and through the skip connection, so dx = d + G."
