"""An affine layer class under the halved mean squared error, torch:
out = x W + b, L = 1/(2N) sum_n ||out_n - t_n||^2; x (4, 3), W (3, 2), b (2,), t (4, 2).
"""

from verify import derivation


def loss(x, W, b, t):
    out = x @ W + b
    return 0.5 * ((out - t) ** 2).sum() / x.shape[0]


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(0) / self.x.shape[0]  # <- wrong
        return dout @ self.W.T


class AffineFixed(Affine):
    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(0)
        return dout @ self.W.T


def grad(x, W, b, t):
    layer = Affine(W, b)
    out = layer.forward(x)
    dout = (out - t) / x.shape[0]
    layer.backward(dout)
    return layer.dW, layer.db


def grad_fixed(x, W, b, t):
    layer = AffineFixed(W, b)
    out = layer.forward(x)
    dout = (out - t) / x.shape[0]
    layer.backward(dout)
    return layer.dW, layer.db


SPEC = dict(wrt=("W", "b"), shapes={"x": (4, 3), "W": (3, 2), "b": (2,), "t": (4, 2)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_affine_01")
CAUSE = "batch-mean"
FIX = "dout already carries the 1/N, so db = dout.sum(0) without another division."
