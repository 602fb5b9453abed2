"""Least squares in plain Python with the 1/2-sum convention: p_n = w . x_n + b,
E = 1/2 sum_n (p_n - t_n)^2; X (5, 3), w (3,), b (1,), t (5,).
"""


from verify import derivation


def loss(X, w, b, t):
    return 0.5 * ((X @ w + b - t) ** 2).sum()


def grad(X, w, b, t):
    X = [[float(v) for v in row] for row in X]
    w = [float(v) for v in w]
    b0 = float(b[0])
    n = len(X)
    dw = [0.0] * len(w)
    db = 0.0
    for xi, ti in zip(X, t):
        p = sum(wj * xj for wj, xj in zip(w, xi)) + b0
        e = 2 * (p - float(ti)) / n  # <- wrong
        for j in range(len(w)):
            dw[j] += e * xi[j]
        db += e
    return dw, [db]


def grad_fixed(X, w, b, t):
    X = [[float(v) for v in row] for row in X]
    w = [float(v) for v in w]
    b0 = float(b[0])
    n = len(X)
    dw = [0.0] * len(w)
    db = 0.0
    for xi, ti in zip(X, t):
        p = sum(wj * xj for wj, xj in zip(w, xi)) + b0
        e = p - float(ti)
        for j in range(len(w)):
            dw[j] += e * xi[j]
        db += e
    return dw, [db]


SPEC = dict(wrt=("w", "b"), shapes={"X": (5, 3), "w": (3,), "b": (1,), "t": (5,)})
case = derivation(loss, grad, **SPEC, name="p_linreg_15")
CAUSE = "mse-convention"
FIX = "E is 1/2 sum (p - t)^2, not mse_loss, so each example contributes e = p - t without the 2/n."
