"""Two sigmoid layers as torch layer objects, backpropagated by hand one call at a time:
Y = sigma(sigma(X W1 + b1) W2 + b2), L = 1/(2N) sum ||Y - T||^2;
X (N, D), W1 (D, H), b1 (H,), W2 (H, H), b2 (H,), T (N, H).
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
        return dout * self.out * (1.0 - self.out)


def loss(X, W1, b1, W2, b2, T):
    Y = torch.sigmoid(torch.sigmoid(X @ W1 + b1) @ W2 + b2)
    return 0.5 * ((Y - T) ** 2).sum(dim=1).mean()


def grad(X, W1, b1, W2, b2, T):
    fc1, sig1, fc2, sig2 = Linear(W1, b1), Sigmoid(), Linear(W2, b2), Sigmoid()
    Y = sig2.forward(fc2.forward(sig1.forward(fc1.forward(X))))
    dY = (Y - T) / X.shape[0]
    dZ2 = sig2.backward(dY)
    dH = fc2.backward(dZ2)
    dZ1 = sig2.backward(dH)  # <- wrong
    fc1.backward(dZ1)
    return fc1.dW, fc1.db, fc2.dW


def grad_fixed(X, W1, b1, W2, b2, T):
    fc1, sig1, fc2, sig2 = Linear(W1, b1), Sigmoid(), Linear(W2, b2), Sigmoid()
    Y = sig2.forward(fc2.forward(sig1.forward(fc1.forward(X))))
    dY = (Y - T) / X.shape[0]
    dZ2 = sig2.backward(dY)
    dH = fc2.backward(dZ2)
    dZ1 = sig1.backward(dH)
    fc1.backward(dZ1)
    return fc1.dW, fc1.db, fc2.dW


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "H"), "b2": ("H",),
                    "T": ("N", "H")},
            draws={"T": "uniform"}, sizes={"N": 3, "D": 2, "H": 4})
case = derivation(loss, grad, **SPEC, name="w_chain_01")
CAUSE = "wrong-layer"
FIX = "The first layer's pre-activation gradient goes through sig1, whose cached output is the hidden layer's."
