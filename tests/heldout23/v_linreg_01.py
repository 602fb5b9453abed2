"""Simple linear regression y = a x + b with the mean squared error, pure Python:
L = 1/n sum_i (a x_i + b - y_i)^2; a scalar, b scalar, x (8,), y (8,).
"""


from verify import derivation


def loss(a, b, x, y):
    return ((a * x + b - y) ** 2).mean()


def grad(a, b, x, y):
    n = len(x)
    da = 0.0
    db = 0.0
    for xi, yi in zip(x.tolist(), y.tolist()):
        e = float(a) * xi + float(b) - yi
        db += 2 * e / n
        da += 2 * e * xi / n
    return db, da  # <- wrong


def grad_fixed(a, b, x, y):
    n = len(x)
    da = 0.0
    db = 0.0
    for xi, yi in zip(x.tolist(), y.tolist()):
        e = float(a) * xi + float(b) - yi
        db += 2 * e / n
        da += 2 * e * xi / n
    return da, db


SPEC = dict(wrt=("a", "b"), shapes={"a": (), "b": (), "x": (8,), "y": (8,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_linreg_01")
CAUSE = "return-order"
FIX = "Return (da, db), in the order a, b of the parameters."
