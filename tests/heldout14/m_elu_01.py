"""An ELU layer (alpha = 1) with a cached forward and a backward, numpy:
y = z for z > 0, alpha (e^z - 1) otherwise, L = sum(dout * y); z (4, 5), dout (4, 5).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

ALPHA = 1.0


def loss(z, dout):
    return (dout * F.elu(z, alpha=ALPHA)).sum()


class ELU:
    def forward(self, z):
        self.z = z
        self.out = np.where(z > 0, z, ALPHA * (np.exp(z) - 1))
        return self.out

    def backward(self, dout):
        local = np.where(self.z > 0, 1.0, self.z + ALPHA)  # <- wrong
        return dout * local


class ELUFixed(ELU):
    def backward(self, dout):
        local = np.where(self.z > 0, 1.0, self.out + ALPHA)
        return dout * local


def grad(z, dout):
    layer = ELU()
    layer.forward(z)
    return layer.backward(dout)


def grad_fixed(z, dout):
    layer = ELUFixed()
    layer.forward(z)
    return layer.backward(dout)


SPEC = dict(wrt="z", shapes={"z": (4, 5), "dout": (4, 5)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_elu_01")
CAUSE = "activation-derivative-of-input"
FIX = "For z <= 0 the derivative alpha e^z equals y + alpha, with the layer's output y, not its input."
