"""An affine layer as a torch class with forward and backward, L = sum(dout * out).

x (N, D), W (D, M), b (M,), out = x W + b, dout (N, M) the upstream gradient.
"""

from verify import derivation


class Linear:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def forward(self, x):
        self.x = x
        self.out = x @ self.W + self.b
        return self.out

    def backward(self, dout):
        dx = dout @ self.W.T
        dW = self.out.T @ dout  # <- wrong
        db = dout.sum(dim=0)
        return dx, dW, db


class LinearFixed(Linear):
    def backward(self, dout):
        dx = dout @ self.W.T
        dW = self.x.T @ dout
        db = dout.sum(dim=0)
        return dx, dW, db


def loss(x, W, b, dout):
    return (dout * (x @ W + b)).sum()


def grad(x, W, b, dout):
    layer = Linear(W, b)
    layer.forward(x)
    return layer.backward(dout)


def grad_fixed(x, W, b, dout):
    layer = LinearFixed(W, b)
    layer.forward(x)
    return layer.backward(dout)


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": ("N", "D"), "W": ("D", "M"), "b": ("M",), "dout": ("N", "M")},
            sizes={"N": 4, "D": 3, "M": 3})
case = derivation(loss, grad, **SPEC, name="l_affine_07")
CAUSE = "wrong-operand"
FIX = "Use the cached input self.x in dW, not the output self.out."
