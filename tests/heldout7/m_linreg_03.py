"""Simple linear regression on one feature, in plain Python loops over the data:
pred_n = w x_n + b, L = 1/N sum_n (pred_n - y_n)^2; w and b scalars (shape ()), x (N,), y (N,) with N = 10.
"""

from verify import derivation


def loss(w, b, x, y):
    return ((w * x + b - y) ** 2).mean()


def grad(w, b, x, y):
    w, b = float(w), float(b)
    n = len(x)
    dw = db = 0.0
    for xi, yi in zip(x, y):
        err = w * float(xi) + b - float(yi)
        dw += 2.0 * err * float(xi) / n
        db += 2.0 * err / n
    return db, dw  # <- wrong


def grad_fixed(w, b, x, y):
    w, b = float(w), float(b)
    n = len(x)
    dw = db = 0.0
    for xi, yi in zip(x, y):
        err = w * float(xi) + b - float(yi)
        dw += 2.0 * err * float(xi) / n
        db += 2.0 * err / n
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"w": (), "b": (), "x": ("N",), "y": ("N",)},
            draws={}, sizes={"N": 10})
case = derivation(loss, grad, **SPEC, name="m_linreg_03")
CAUSE = "return-order"
FIX = "grad must return the gradients in the order of wrt=('w', 'b'): return dw, db."
