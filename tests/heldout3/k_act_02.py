"""An ELU layer class in numpy: out = x for x > 0, alpha (exp(x) - 1) otherwise, alpha = 1;
L = sum(dout * out); x (4, 6), dout (4, 6).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


class ELU:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def forward(self, x):
        self.x = x
        self.out = np.where(x > 0, x, self.alpha * (np.exp(np.minimum(x, 0)) - 1))
        return self.out

    def backward(self, dout):
        pos = self.x > 0
        dneg = self.alpha * np.exp(np.minimum(self.out, 0))  # <- wrong
        return dout * np.where(pos, 1.0, dneg)


class ELUFixed(ELU):
    def backward(self, dout):
        pos = self.x > 0
        dneg = self.alpha * np.exp(np.minimum(self.x, 0))
        return dout * np.where(pos, 1.0, dneg)


def loss(x, dout):
    return (dout * F.elu(x, alpha=1.0)).sum()


def grad(x, dout):
    layer = ELU()
    layer.forward(x)
    return layer.backward(dout)


def grad_fixed(x, dout):
    layer = ELUFixed()
    layer.forward(x)
    return layer.backward(dout)


SPEC = dict(wrt="x", shapes={"x": (4, 6), "dout": (4, 6)})
case = derivation(loss, grad, **SPEC, name="k_act_02")
CAUSE = "activation-derivative-of-input"
FIX = "For x <= 0 the derivative is alpha * exp(x) of the input (equivalently out + alpha), not exp(out)."
