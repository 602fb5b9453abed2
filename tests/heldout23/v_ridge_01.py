"""Ridge regression, pure Python loops:
L = 1/2 sum_n (w . x_n - t_n)^2 + lambda sum_j w_j^2 with lambda = 0.1; w (3,), X (5, 3), t (5,).
"""


from verify import derivation

LAM = 0.1


def loss(w, X, t):
    return 0.5 * ((X @ w - t) ** 2).sum() + LAM * (w ** 2).sum()


def grad(w, X, t):
    wl = w.tolist()
    g = [0.0] * len(wl)
    for xn, tn in zip(X.tolist(), t.tolist()):
        r = sum(wj * xj for wj, xj in zip(wl, xn)) - tn
        for j, xj in enumerate(xn):
            g[j] += r * xj
    for j, wj in enumerate(wl):
        g[j] += LAM * wj  # <- wrong
    return g


def grad_fixed(w, X, t):
    wl = w.tolist()
    g = [0.0] * len(wl)
    for xn, tn in zip(X.tolist(), t.tolist()):
        r = sum(wj * xj for wj, xj in zip(wl, xn)) - tn
        for j, xj in enumerate(xn):
            g[j] += r * xj
    for j, wj in enumerate(wl):
        g[j] += 2 * LAM * wj
    return g


SPEC = dict(wrt="w", shapes={"w": (3,), "X": (5, 3), "t": (5,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_ridge_01")
CAUSE = "wrong-coefficient"
FIX = "The penalty lambda w_j^2 has no 1/2, so its derivative is 2 lambda w_j."
