"""A one-hidden-layer autoencoder as a list of layer objects, torch:
H = sigmoid(X W1 + b1), R = H W2 + b2, L = mean over all entries of (R - X)^2;
X (N, D), W1 (D, H), b1 (H,), W2 (H, D), b2 (D,).
"""

import torch

from verify import derivation


class Linear:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(dim=0)
        return dout @ self.W.T


class Sigmoid:
    def forward(self, x):
        self.out = torch.sigmoid(x)
        return self.out

    def backward(self, dout):
        return dout * self.out * (1 - self.out)


class MSELoss:
    def forward(self, y, t):
        self.y, self.t = y, t
        return ((y - t) ** 2).mean()

    def backward(self):
        return 2 * (self.y - self.t) / self.y.shape[0]  # <- wrong


class MSELossFixed(MSELoss):
    def backward(self):
        return 2 * (self.y - self.t) / self.y.numel()


def loss(X, W1, b1, W2, b2):
    R = torch.sigmoid(X @ W1 + b1) @ W2 + b2
    return ((R - X) ** 2).mean()


def grad(X, W1, b1, W2, b2):
    layers = [Linear(W1, b1), Sigmoid(), Linear(W2, b2)]
    criterion = MSELoss()
    out = X
    for layer in layers:
        out = layer.forward(out)
    criterion.forward(out, X)
    dout = criterion.backward()
    for layer in reversed(layers):
        dout = layer.backward(dout)
    return layers[0].dW, layers[2].dW


def grad_fixed(X, W1, b1, W2, b2):
    layers = [Linear(W1, b1), Sigmoid(), Linear(W2, b2)]
    criterion = MSELossFixed()
    out = X
    for layer in layers:
        out = layer.forward(out)
    criterion.forward(out, X)
    dout = criterion.backward()
    for layer in reversed(layers):
        dout = layer.backward(dout)
    return layers[0].dW, layers[2].dW


SPEC = dict(wrt=("W1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "D"), "b2": ("D",)},
            draws={}, sizes={"N": 4, "D": 5, "H": 2})
case = derivation(loss, grad, **SPEC, name="w_autoencoder_01")
CAUSE = "mse-convention"
FIX = "The reconstruction error is a mean over all N D entries, so the backward divides by y.numel()."
