"""Ridge regression by hand, loops over examples:
L = sum_i (w . x_i - t_i)^2 + lam ||w||^2 with lam = 0.5; w (3,), X (6, 3), t (6,).
"""


from verify import derivation

LAM = 0.5


def loss(w, X, t):
    return ((X @ w - t) ** 2).sum() + LAM * (w ** 2).sum()


def grad(w, X, t):
    wl = w.tolist()
    dw = [0.0 for _ in wl]  # <- wrong
    for xi, ti in zip(X.tolist(), t.tolist(), strict=True):
        r = sum(wj * xj for wj, xj in zip(wl, xi, strict=True)) - ti
        for j, xj in enumerate(xi):
            dw[j] += 2.0 * r * xj
    return dw


def grad_fixed(w, X, t):
    wl = w.tolist()
    dw = [2.0 * LAM * wj for wj in wl]
    for xi, ti in zip(X.tolist(), t.tolist(), strict=True):
        r = sum(wj * xj for wj, xj in zip(wl, xi, strict=True)) - ti
        for j, xj in enumerate(xi):
            dw[j] += 2.0 * r * xj
    return dw


SPEC = dict(wrt="w", shapes={"w": (3,), "X": (6, 3), "t": (6,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="x_ridge_01")
CAUSE = "missing-term"
FIX = "The penalty lam ||w||^2 contributes 2 lam w to the gradient, so dw starts from 2 lam w."
