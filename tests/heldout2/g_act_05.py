"""A LeakyReLU layer class with a configurable slope (alpha = 0.2, as in a GAN
discriminator), checked through L = sum(dout * leaky_relu(x, 0.2)); x (5, 4), dout (5, 4).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


class LeakyReLU:
    def __init__(self, alpha=0.2):
        self.alpha = alpha

    def forward(self, x):
        self.x = x
        return np.where(x > 0, x, self.alpha * x)

    def backward(self, dout):
        dx = np.where(self.x > 0, dout, 0.01 * dout)  # <- wrong
        return dx


class LeakyReLUFixed(LeakyReLU):
    def backward(self, dout):
        dx = np.where(self.x > 0, dout, self.alpha * dout)
        return dx


def loss(x, dout):
    return (dout * F.leaky_relu(x, negative_slope=0.2)).sum()


def grad(x, dout):
    layer = LeakyReLU(alpha=0.2)
    layer.forward(x)
    return layer.backward(dout)


def grad_fixed(x, dout):
    layer = LeakyReLUFixed(alpha=0.2)
    layer.forward(x)
    return layer.backward(dout)


SPEC = dict(wrt="x", shapes={"x": (5, 4), "dout": (5, 4)})
case = derivation(loss, grad, **SPEC, name="g_act_05")
CAUSE = "wrong-coefficient"
FIX = "The negative side's slope is the layer's alpha = 0.2, not a hard-coded default 0.01."
