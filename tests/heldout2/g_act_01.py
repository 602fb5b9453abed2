"""A Softplus layer class in numpy, checked through L = sum(dout * softplus(x)):
out = log(1 + exp(x)), x (4, 3), dout (4, 3) the upstream gradient.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


class Softplus:
    def forward(self, x):
        self.x = x
        self.out = np.logaddexp(0.0, x)
        return self.out

    def backward(self, dout):
        dx = dout * sigmoid(self.out)  # <- wrong
        return dx


class SoftplusFixed(Softplus):
    def backward(self, dout):
        dx = dout * sigmoid(self.x)
        return dx


def loss(x, dout):
    return (dout * F.softplus(x)).sum()


def grad(x, dout):
    layer = Softplus()
    layer.forward(x)
    return layer.backward(dout)


def grad_fixed(x, dout):
    layer = SoftplusFixed()
    layer.forward(x)
    return layer.backward(dout)


SPEC = dict(wrt="x", shapes={"x": (4, 3), "dout": (4, 3)})
case = derivation(loss, grad, **SPEC, name="g_act_01")
CAUSE = "activation-derivative-of-input"
FIX = "softplus'(x) = sigma(x) takes the layer's input, not its output: sigmoid(self.x)."
