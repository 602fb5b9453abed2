"""Linear regression with a bias in torch, half the squared error averaged over the batch.

x (N, D), w (D,), b (), t (N,), y = x w + b, L = 1/(2N) sum_n (y_n - t_n)^2.
"""

from verify import derivation


def loss(w, b, x, t):
    return 0.5 * ((x @ w + b - t) ** 2).mean()


def grad(w, b, x, t):
    N = x.shape[0]
    y = x @ w + b
    err = t - y  # <- wrong
    dw = x.T @ err / N
    db = err.sum() / N
    return dw, db


def grad_fixed(w, b, x, t):
    N = x.shape[0]
    y = x @ w + b
    err = y - t
    dw = x.T @ err / N
    db = err.sum() / N
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": ("D",), "b": (), "x": ("N", "D"), "t": ("N",)},
            sizes={"N": 6, "D": 3})
case = derivation(loss, grad, **SPEC, name="l_reg_08")
CAUSE = "sign"
FIX = "Use err = y - t, not t - y."
