"""A linear regression layer class in torch, loss the batch mean of half squared errors:
L = 1/N sum_n 1/2 ||x_n W + b - y_n||^2; X (N, D), W (D, M), b (M,), Y (N, M).
"""


from verify import derivation


class Linear:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def forward(self, X):
        self.X = X
        return X @ self.W + self.b

    def backward(self, dout):
        self.dW = self.X.T @ dout
        self.db = dout.sum(dim=0)
        return dout @ self.W.T


def loss(X, W, b, Y):
    """L = mean over the batch of 1/2 ||x W + b - y||^2."""
    return 0.5 * ((X @ W + b - Y) ** 2).sum(dim=1).mean()


def grad(X, W, b, Y):
    layer = Linear(W, b)
    out = layer.forward(X)
    dout = out - Y  # <- wrong
    layer.backward(dout)
    return layer.dW, layer.db


def grad_fixed(X, W, b, Y):
    layer = Linear(W, b)
    out = layer.forward(X)
    dout = (out - Y) / X.shape[0]
    layer.backward(dout)
    return layer.dW, layer.db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "W": ("D", "M"), "b": ("M",), "Y": ("N", "M")},
            sizes={"N": 6, "D": 3, "M": 2})
case = derivation(loss, grad, **SPEC, name="g_affine_02")
CAUSE = "batch-mean"
FIX = "The loss averages over the N examples, so dout = (out - Y) / N."
