"""A swish (SiLU) hidden layer with a scalar regression head, numpy layer classes:
z = X W1, h = z sigma(z), out = h w2, L = 1/2 sum_n (out_n - y_n)^2;
X (6, 3), W1 (3, 4), w2 (4,), y (6,).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, W1, w2, y):
    out = F.silu(X @ W1) @ w2
    return 0.5 * ((out - y) ** 2).sum()


class Swish:
    def forward(self, z):
        self.z = z
        self.s = 0.5 * (1.0 + np.tanh(0.5 * z))
        return z * self.s

    def backward(self, dout):
        return dout  # <- wrong


class SwishFixed(Swish):
    def backward(self, dout):
        return dout * (self.s + self.z * self.s * (1 - self.s))


def grad(X, W1, w2, y):
    X, W1, w2, y = (np.asarray(a) for a in (X, W1, w2, y))
    act = Swish()
    z = X @ W1
    h = act.forward(z)
    out = h @ w2
    dout = out - y
    dw2 = h.T @ dout
    dh = np.outer(dout, w2)
    dz = act.backward(dh)
    dW1 = X.T @ dz
    return dW1, dw2


def grad_fixed(X, W1, w2, y):
    X, W1, w2, y = (np.asarray(a) for a in (X, W1, w2, y))
    act = SwishFixed()
    z = X @ W1
    h = act.forward(z)
    out = h @ w2
    dout = out - y
    dw2 = h.T @ dout
    dh = np.outer(dout, w2)
    dz = act.backward(dh)
    dW1 = X.T @ dz
    return dW1, dw2


SPEC = dict(wrt=("W1", "w2"), shapes={"X": (6, 3), "W1": (3, 4), "w2": (4,), "y": (6,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_swish_01")
CAUSE = "activation-derivative-missing"
FIX = "Swish's backward multiplies by its derivative sigma(z) + z sigma(z) (1 - sigma(z))."
