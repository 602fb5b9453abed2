"""Linear regression through an affine layer, half the squared error averaged over the batch.

x (N, D), W (D, M), b (M,), t (N, M), y = x W + b, L = 1/(2N) sum_n sum_m (y_nm - t_nm)^2.
"""

from verify import derivation


def loss(x, W, b, t):
    y = x @ W + b
    return ((y - t) ** 2).sum() / (2 * x.shape[0])


def grad(x, W, b, t):
    y = x @ W + b
    dy = y - t  # <- wrong
    dW = x.T @ dy
    db = dy.sum(dim=0)
    return dW, db


def grad_fixed(x, W, b, t):
    y = x @ W + b
    dy = (y - t) / x.shape[0]
    dW = x.T @ dy
    db = dy.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"x": ("N", "D"), "W": ("D", "M"), "b": ("M",), "t": ("N", "M")},
            sizes={"N": 2, "D": 3, "M": 2})
case = derivation(loss, grad, **SPEC, name="l_affine_05")
CAUSE = "batch-mean"
FIX = "Divide y - t by the batch size N."
