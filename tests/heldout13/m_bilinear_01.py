"""A bilinear score regressed onto a target, pure Python:
f = x^T A y, L = 1/2 (f - s)^2; x (D,), A (D, D), y (D,), s (1,) with D = 3.
"""

from verify import derivation


def loss(x, A, y, s):
    f = x @ A @ y
    return 0.5 * ((f - s) ** 2).sum()


def grad(x, A, y, s):
    xs, M, ys = x.tolist(), A.tolist(), y.tolist()
    target = s.tolist()[0]
    D = len(xs)
    f = 0.0
    for i in range(D):
        for j in range(D):
            f += xs[i] * M[i][j] * ys[j]
    r = f - target
    dA = [[0.0] * D for _ in range(D)]
    for i in range(D):
        for j in range(D):
            dA[i][j] = r * ys[i] * xs[j]  # <- wrong
    return dA


def grad_fixed(x, A, y, s):
    xs, M, ys = x.tolist(), A.tolist(), y.tolist()
    target = s.tolist()[0]
    D = len(xs)
    f = 0.0
    for i in range(D):
        for j in range(D):
            f += xs[i] * M[i][j] * ys[j]
    r = f - target
    dA = [[0.0] * D for _ in range(D)]
    for i in range(D):
        for j in range(D):
            dA[i][j] = r * xs[i] * ys[j]
    return dA


SPEC = dict(wrt="A", shapes={"x": ("D",), "A": ("D", "D"), "y": ("D",), "s": (1,)},
            draws={}, sizes={"D": 3})
case = derivation(loss, grad, **SPEC, name="m_bilinear_01")
CAUSE = "transpose"
FIX = "dA is the outer product x y^T scaled by r: dA[i][j] = r x_i y_j."
