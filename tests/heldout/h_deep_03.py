"""A Sequential of Dense and Tanh layer objects, backward by looping over reversed layers:
L = 1/(2N) sum (y - t)^2, y = Dense3(tanh(Dense2(tanh(Dense1(x)))));
x (N, D), W1 (D, H), b1 (H,), W2 (H, H), b2 (H,), W3 (H, K), b3 (K,), t (N, K).
"""

import numpy as np
import torch

from verify import derivation


class Dense:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T


class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1 - self.out)  # <- wrong


class TanhFixed(Tanh):
    def backward(self, dout):
        return dout * (1 - self.out ** 2)


def loss(x, W1, b1, W2, b2, W3, b3, t):
    """L = 1/(2N) sum (y - t)^2."""
    y = torch.tanh(torch.tanh(x @ W1 + b1) @ W2 + b2) @ W3 + b3
    return 0.5 * ((y - t) ** 2).sum() / x.shape[0]


def grad(x, W1, b1, W2, b2, W3, b3, t):
    layers = [Dense(W1, b1), Tanh(), Dense(W2, b2), Tanh(), Dense(W3, b3)]
    out = x
    for layer in layers:
        out = layer.forward(out)
    dout = (out - t) / x.shape[0]
    for layer in reversed(layers):
        dout = layer.backward(dout)
    dense = [layer for layer in layers if isinstance(layer, Dense)]
    return tuple(g for layer in dense for g in (layer.dW, layer.db))


def grad_fixed(x, W1, b1, W2, b2, W3, b3, t):
    layers = [Dense(W1, b1), TanhFixed(), Dense(W2, b2), TanhFixed(), Dense(W3, b3)]
    out = x
    for layer in layers:
        out = layer.forward(out)
    dout = (out - t) / x.shape[0]
    for layer in reversed(layers):
        dout = layer.backward(dout)
    dense = [layer for layer in layers if isinstance(layer, Dense)]
    return tuple(g for layer in dense for g in (layer.dW, layer.db))


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "H"),
                    "b2": ("H",), "W3": ("H", "K"), "b3": ("K",), "t": ("N", "K")},
            sizes={"N": 6, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="h_deep_03")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(x) = 1 - tanh(x)^2: square the stored output, dout * (1 - self.out ** 2)."
