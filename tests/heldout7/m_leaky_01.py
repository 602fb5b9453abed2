"""A leaky-ReLU hidden layer (negative slope 0.2) as a numpy layer class, trained with F.mse_loss:
h = leaky(X W1 + b1), out = h W2 + b2, L = mean of (out - Y)^2 over all N*K elements;
X (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), Y (N, K) with N = 7, D = 3, H = 5, K = 2.
"""

import torch.nn.functional as F

from verify import derivation

SLOPE = 0.2


def loss(X, Y, W1, b1, W2, b2):
    out = F.leaky_relu(X @ W1 + b1, SLOPE) @ W2 + b2
    return F.mse_loss(out, Y)


class LeakyReLU:
    def __init__(self, slope=SLOPE):
        self.slope = slope
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] *= self.slope
        return out

    def backward(self, dout):
        dx = dout.copy()
        dx[self.mask] = 0  # <- wrong
        return dx


class LeakyReLUFixed(LeakyReLU):
    def backward(self, dout):
        dx = dout.copy()
        dx[self.mask] *= self.slope
        return dx


def grad(X, Y, W1, b1, W2, b2):
    act = LeakyReLU()
    h = act.forward(X @ W1 + b1)
    out = h @ W2 + b2
    dout = 2.0 * (out - Y) / out.size
    dz = act.backward(dout @ W2.T)
    return X.T @ dz, dz.sum(axis=0), h.T @ dout, dout.sum(axis=0)


def grad_fixed(X, Y, W1, b1, W2, b2):
    act = LeakyReLUFixed()
    h = act.forward(X @ W1 + b1)
    out = h @ W2 + b2
    dout = 2.0 * (out - Y) / out.size
    dz = act.backward(dout @ W2.T)
    return X.T @ dz, dz.sum(axis=0), h.T @ dout, dout.sum(axis=0)


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "Y": ("N", "K"), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "K"), "b2": ("K",)},
            draws={}, sizes={"N": 7, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_leaky_01")
CAUSE = "mask"
FIX = "A leaky ReLU passes slope * dout where x <= 0; zeroing it there is the plain ReLU's rule."
