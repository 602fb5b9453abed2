"""SwiGLU feed-forward block with its backward pass, under an upstream gradient:
A = x W1, B = x W3, H = silu(A) * B, y = H W2, L = sum(dout * y);
x (N, D), W1 (D, F), W3 (D, F), W2 (F, D), dout (N, D).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W1, W3, W2, dout):
    return (dout * ((F.silu(x @ W1) * (x @ W3)) @ W2)).sum()


class SwiGLU:
    def __init__(self, W1, W3, W2):
        self.W1, self.W3, self.W2 = W1, W3, W2

    def forward(self, x):
        A = x @ self.W1
        B = x @ self.W3
        S = torch.sigmoid(A)
        H = A * S * B
        self.cache = {"x": x, "A": A, "B": B, "S": S, "H": H}
        return H @ self.W2

    def backward(self, dout):
        c = self.cache
        self.dW2 = c["H"].T @ dout
        dH = dout @ self.W2.T
        dA = dH * c["B"]  # <- wrong
        dB = dH * c["A"] * c["S"]
        self.dW1 = c["x"].T @ dA
        self.dW3 = c["x"].T @ dB
        return dA @ self.W1.T + dB @ self.W3.T


class SwiGLUFixed(SwiGLU):
    def backward(self, dout):
        c = self.cache
        self.dW2 = c["H"].T @ dout
        dH = dout @ self.W2.T
        dA = dH * c["B"] * c["S"] * (1 + c["A"] * (1 - c["S"]))
        dB = dH * c["A"] * c["S"]
        self.dW1 = c["x"].T @ dA
        self.dW3 = c["x"].T @ dB
        return dA @ self.W1.T + dB @ self.W3.T


def grad(x, W1, W3, W2, dout):
    ffn = SwiGLU(W1, W3, W2)
    ffn.forward(x)
    dx = ffn.backward(dout)
    return dx, ffn.dW1, ffn.dW3, ffn.dW2


def grad_fixed(x, W1, W3, W2, dout):
    ffn = SwiGLUFixed(W1, W3, W2)
    ffn.forward(x)
    dx = ffn.backward(dout)
    return dx, ffn.dW1, ffn.dW3, ffn.dW2


SPEC = dict(wrt=("x", "W1", "W3", "W2"),
            shapes={"x": ("N", "D"), "W1": ("D", "F"), "W3": ("D", "F"), "W2": ("F", "D"), "dout": ("N", "D")},
            draws={}, sizes={"N": 3, "D": 4, "F": 5})
case = derivation(loss, grad, **SPEC, name="x_swiglu_01")
CAUSE = "activation-derivative-missing"
FIX = "The gate goes through silu, so dA = dH B silu'(A) with silu'(A) = s (1 + A (1 - s))."
