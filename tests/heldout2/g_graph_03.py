"""A threshold neuron as a circuit of gates (CS231n's gate view of backprop):
f = sigma(w0 x0 + w1 x1 - theta), elementwise over 4 copies, L = sum f;
x0, x1, w0, w1, theta all (4,).
"""

import numpy as np
import torch

from verify import derivation


class MultiplyGate:
    def forward(self, a, b):
        self.a, self.b = a, b
        return a * b

    def backward(self, dz):
        return dz * self.b, dz * self.a


class AddGate:
    def forward(self, a, b):
        return a + b

    def backward(self, dz):
        return dz, dz


class SubtractGate:
    def forward(self, a, b):
        return a - b

    def backward(self, dz):
        return dz, dz  # <- wrong


class SubtractGateFixed(SubtractGate):
    def backward(self, dz):
        return dz, -dz


class SigmoidGate:
    def forward(self, a):
        self.out = 1.0 / (1.0 + np.exp(-a))
        return self.out

    def backward(self, dz):
        return dz * self.out * (1.0 - self.out)


def loss(x0, x1, w0, w1, theta):
    return torch.sigmoid(w0 * x0 + w1 * x1 - theta).sum()


def grad(x0, x1, w0, w1, theta):
    m0, m1, add = MultiplyGate(), MultiplyGate(), AddGate()
    sub, sig = SubtractGate(), SigmoidGate()
    s = add.forward(m0.forward(w0, x0), m1.forward(w1, x1))
    f = sig.forward(sub.forward(s, theta))
    dnet = sig.backward(np.ones_like(f))
    ds, dtheta = sub.backward(dnet)
    dp0, dp1 = add.backward(ds)
    dw0, _ = m0.backward(dp0)
    dw1, _ = m1.backward(dp1)
    return dw0, dw1, dtheta


def grad_fixed(x0, x1, w0, w1, theta):
    m0, m1, add = MultiplyGate(), MultiplyGate(), AddGate()
    sub, sig = SubtractGateFixed(), SigmoidGate()
    s = add.forward(m0.forward(w0, x0), m1.forward(w1, x1))
    f = sig.forward(sub.forward(s, theta))
    dnet = sig.backward(np.ones_like(f))
    ds, dtheta = sub.backward(dnet)
    dp0, dp1 = add.backward(ds)
    dw0, _ = m0.backward(dp0)
    dw1, _ = m1.backward(dp1)
    return dw0, dw1, dtheta


SPEC = dict(wrt=("w0", "w1", "theta"),
            shapes={"x0": (4,), "x1": (4,), "w0": (4,), "w1": (4,), "theta": (4,)})
case = derivation(loss, grad, **SPEC, name="g_graph_03")
CAUSE = "sign"
FIX = "The subtracted input of a - b gets -dz: SubtractGate.backward returns dz, -dz."
