"""Linear regression with a bias vector in torch, half the squared error, batch mean.

x (N, D), W (D, M), b (M,), t (N, M), y = x W + b, L = 1/(2N) sum_n sum_m (y_nm - t_nm)^2.
"""

from verify import derivation


def loss(W, b, x, t):
    return ((x @ W + b - t) ** 2).sum() / (2 * x.shape[0])


def grad(W, b, x, t):
    N = x.shape[0]
    y = x @ W + b
    dy = (y - t) / N
    dW = x.T @ dy
    db = dy.sum(dim=-1)  # <- wrong
    return dW, db


def grad_fixed(W, b, x, t):
    N = x.shape[0]
    y = x @ W + b
    dy = (y - t) / N
    dW = x.T @ dy
    db = dy.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"W": ("D", "M"), "b": ("M",), "x": ("N", "D"),
                                    "t": ("N", "M")},
            sizes={"N": 3, "D": 2, "M": 3})
case = derivation(loss, grad, **SPEC, name="l_reg_12")
CAUSE = "reduction-axis"
FIX = "Sum dy over the batch axis 0 for db, not over the outputs."
