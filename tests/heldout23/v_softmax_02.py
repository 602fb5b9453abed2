"""A softmax-with-loss layer (forward caches the probabilities, backward returns dL/dz):
p = softmax(z), L = -1/N sum_n log p[n, y_n]; z (N, C), y (N,) labels; N = 5, C = 3.
"""

import torch

from verify import derivation


def loss(z, y):
    return torch.nn.functional.cross_entropy(z, y)


class SoftmaxWithLoss:
    def forward(self, z, y):
        self.p = torch.softmax(z, dim=1)
        self.y = y
        return -torch.log(self.p[torch.arange(len(y)), y]).mean()

    def backward(self, dout=1.0):
        N, C = self.p.shape
        dz = self.p.clone()
        dz[torch.arange(N), self.y] -= 1
        return dout * dz / C  # <- wrong


class SoftmaxWithLossFixed(SoftmaxWithLoss):
    def backward(self, dout=1.0):
        N, C = self.p.shape
        dz = self.p.clone()
        dz[torch.arange(N), self.y] -= 1
        return dout * dz / N


def grad(z, y):
    layer = SoftmaxWithLoss()
    layer.forward(z, y)
    return layer.backward()


def grad_fixed(z, y):
    layer = SoftmaxWithLossFixed()
    layer.forward(z, y)
    return layer.backward()


SPEC = dict(wrt="z", shapes={"z": ("N", "C"), "y": ("N",)}, draws={"y": ("labels", 3)},
            sizes={"N": 5, "C": 3})
case = derivation(loss, grad, **SPEC, name="v_softmax_02")
CAUSE = "wrong-divisor"
FIX = "The loss is a mean over the N rows of the batch, so dz is divided by N, not by the number of classes."
