"""A linear map then softplus, as one torch layer class, checked through L = sum(dout * y).

x (N, D) drawn N(0, 0.5^2), W (D, M), y = softplus(x W) = log(1 + exp(x W)),
dout (N, M) the upstream gradient. The loss writes softplus as logaddexp(z, 0), exact at every
z: F.softplus turns linear above its threshold 20, where its derivative is 1, not sigmoid(z).
"""

import torch

from verify import derivation


class SoftplusLinear:
    def __init__(self, W):
        self.W = W

    def forward(self, x):
        self.x = x
        self.z = x @ self.W
        return torch.log1p(torch.exp(self.z))

    def backward(self, dout):
        dz = dout  # <- wrong
        self.dW = self.x.T @ dz
        return dz @ self.W.T


class SoftplusLinearFixed(SoftplusLinear):
    def backward(self, dout):
        dz = dout * torch.sigmoid(self.z)
        self.dW = self.x.T @ dz
        return dz @ self.W.T


def loss(x, W, dout):
    z = x @ W
    return (dout * torch.logaddexp(z, torch.zeros_like(z))).sum()


def grad(x, W, dout):
    layer = SoftplusLinear(W)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dW


def grad_fixed(x, W, dout):
    layer = SoftplusLinearFixed(W)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dW


SPEC = dict(wrt=("x", "W"), shapes={"x": ("N", "D"), "W": ("D", "M"), "dout": ("N", "M")},
            draws={"x": ("normal", 0.5)},
            sizes={"N": 4, "D": 3, "M": 2})
case = derivation(loss, grad, **SPEC, name="l_act_07")
CAUSE = "activation-derivative-missing"
FIX = "Multiply dout by softplus' = sigmoid(z): dz = dout * torch.sigmoid(self.z)."
