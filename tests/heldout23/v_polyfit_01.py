"""Least-squares fit of a quadratic, pure Python:
f(x) = a x^2 + b x + c, L = sum_i (f(x_i) - y_i)^2; p = (a, b, c) (3,), x (6,), y (6,).
"""


from verify import derivation


def loss(p, x, y):
    f = p[0] * x ** 2 + p[1] * x + p[2]
    return ((f - y) ** 2).sum()


def grad(p, x, y):
    a, b, c = p.tolist()
    da = db = dc = 0.0
    for xi, yi in zip(x.tolist(), y.tolist()):
        r = a * xi * xi + b * xi + c - yi
        dr = r  # <- wrong
        da += dr * xi * xi
        db += dr * xi
        dc += dr
    return [da, db, dc]


def grad_fixed(p, x, y):
    a, b, c = p.tolist()
    da = db = dc = 0.0
    for xi, yi in zip(x.tolist(), y.tolist()):
        r = a * xi * xi + b * xi + c - yi
        dr = 2 * r
        da += dr * xi * xi
        db += dr * xi
        dc += dr
    return [da, db, dc]


SPEC = dict(wrt="p", shapes={"p": (3,), "x": (6,), "y": (6,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_polyfit_01")
CAUSE = "square-factor"
FIX = "d(r^2)/dr = 2 r, so dr must be 2 * r."
