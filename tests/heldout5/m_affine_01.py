"""A torch linear layer class with a forward cache, trained with the per-example half squared
error averaged over the batch: y = x W + b, L = 1/N sum_n 1/2 ||y_n - t_n||^2;
x (9, 4), W (4, 6), b (6,), t (9, 6).
"""

from verify import derivation


class Linear:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(dim=0)
        return dout @ self.W.T


def loss(x, W, b, t):
    y = x @ W + b
    return (0.5 * ((y - t) ** 2).sum(dim=1)).mean()


def grad(x, W, b, t):
    N = x.shape[0]
    layer = Linear(W, b)
    y = layer.forward(x)
    dy = y - t  # <- wrong
    layer.backward(dy)
    return layer.dW, layer.db


def grad_fixed(x, W, b, t):
    N = x.shape[0]
    layer = Linear(W, b)
    y = layer.forward(x)
    dy = (y - t) / N
    layer.backward(dy)
    return layer.dW, layer.db


SPEC = dict(wrt=("W", "b"), shapes={"x": (9, 4), "W": (4, 6), "b": (6,), "t": (9, 6)})
case = derivation(loss, grad, **SPEC, name="m_affine_01")
CAUSE = "batch-mean"
FIX = "The loss averages over the batch, so the upstream gradient is (y - t) / N."
