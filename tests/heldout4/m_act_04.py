"""A GELU (tanh approximation) layer class, numpy: out = 0.5 x (1 + tanh(u)),
u = sqrt(2/pi) (x + 0.044715 x^3), loss = sum(dout * out); x (3, 7), dout (3, 7).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

K = np.sqrt(2 / np.pi)


class GELU:
    def forward(self, x):
        self.x = x
        self.th = np.tanh(K * (x + 0.044715 * x ** 3))
        return 0.5 * x * (1 + self.th)

    def backward(self, dout):
        x, th = self.x, self.th
        du = K * (1 + 0.044715 * x ** 2)  # <- wrong
        return dout * (0.5 * (1 + th) + 0.5 * x * (1 - th ** 2) * du)


class GELUFixed(GELU):
    def backward(self, dout):
        x, th = self.x, self.th
        du = K * (1 + 3 * 0.044715 * x ** 2)
        return dout * (0.5 * (1 + th) + 0.5 * x * (1 - th ** 2) * du)


def loss(x, dout):
    return (dout * F.gelu(x, approximate="tanh")).sum()


def grad(x, dout):
    layer = GELU()
    layer.forward(x)
    return layer.backward(dout)


def grad_fixed(x, dout):
    layer = GELUFixed()
    layer.forward(x)
    return layer.backward(dout)


SPEC = dict(numpy=True, wrt="x", shapes={"x": (3, 7), "dout": (3, 7)})
case = derivation(loss, grad, **SPEC, name="m_act_04")
CAUSE = "wrong-coefficient"
FIX = "d/dx of 0.044715 x^3 is 3 * 0.044715 x^2: the exponent's 3 is missing from du."
