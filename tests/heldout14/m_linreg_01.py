"""Simple linear regression y = b + m x by mean squared error, pure Python:
L = (1/N) sum_i (b + m x_i - y_i)^2, theta = (b, m); theta (2,), x (5,), y (5,).
"""

from verify import derivation


def loss(theta, x, y):
    pred = theta[0] + theta[1] * x
    return ((pred - y) ** 2).mean()


def grad(theta, x, y):
    b, m = theta.tolist()
    xs, ys = x.tolist(), y.tolist()
    n = len(xs)
    db, dm = 0.0, 0.0
    for xi, yi in zip(xs, ys):
        err = (b + m * xi) - yi
        g = err / n  # <- wrong
        db += g
        dm += g * xi
    return [db, dm]


def grad_fixed(theta, x, y):
    b, m = theta.tolist()
    xs, ys = x.tolist(), y.tolist()
    n = len(xs)
    db, dm = 0.0, 0.0
    for xi, yi in zip(xs, ys):
        err = (b + m * xi) - yi
        g = 2 * err / n
        db += g
        dm += g * xi
    return [db, dm]


SPEC = dict(wrt="theta", shapes={"theta": (2,), "x": (5,), "y": (5,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_linreg_01")
CAUSE = "square-factor"
FIX = "The derivative of (pred - y)^2 is 2 (pred - y), so g = 2 err / n."
