"""Gated linear unit with a hand-written backward, under an upstream gradient:
A = x W, B = x V, y = A * sigma(B), L = sum(dout * y); x (N, D), W (D, F), V (D, F), dout (N, F).
"""

import torch

from verify import derivation


def loss(x, W, V, dout):
    return (dout * (x @ W) * torch.sigmoid(x @ V)).sum()


class GLU:
    def __init__(self, W, V):
        self.W, self.V = W, V

    def forward(self, x):
        A = x @ self.W
        S = torch.sigmoid(x @ self.V)
        self.saved = (x, A, S)
        return A * S

    def backward(self, dout):
        x, A, S = self.saved
        dA = dout * S
        dB = dout * A * S * (1 - S)
        dW = x.T @ dA
        dV = x.T @ dB
        dx = dA @ self.W.T + dB @ self.V.T
        return dx, dV, dW  # <- wrong


class GLUFixed(GLU):
    def backward(self, dout):
        x, A, S = self.saved
        dA = dout * S
        dB = dout * A * S * (1 - S)
        dW = x.T @ dA
        dV = x.T @ dB
        dx = dA @ self.W.T + dB @ self.V.T
        return dx, dW, dV


def grad(x, W, V, dout):
    glu = GLU(W, V)
    glu.forward(x)
    return glu.backward(dout)


def grad_fixed(x, W, V, dout):
    glu = GLUFixed(W, V)
    glu.forward(x)
    return glu.backward(dout)


SPEC = dict(wrt=("x", "W", "V"), shapes={"x": ("N", "D"), "W": ("D", "F"), "V": ("D", "F"), "dout": ("N", "F")},
            draws={}, sizes={"N": 3, "D": 4, "F": 5})
case = derivation(loss, grad, **SPEC, name="x_glu_01")
CAUSE = "return-order"
FIX = "backward must return the gradients in the order of the parameters: dx, dW, dV."
