"""A linear model on two feature groups (user features a, item features c), pure Python loops:
p_n = w . a_n + v . c_n + b, L = 1/N sum_n (p_n - y_n)^2;
a (N, D), c (N, D), w (D,), v (D,), b (1,), y (N,), with N = 4, D = 3.
"""

from verify import derivation


def loss(w, v, b, a, c, y):
    return ((a @ w + c @ v + b - y) ** 2).mean()


def grad(w, v, b, a, c, y):
    w_list = [float(e) for e in w]
    v_list = [float(e) for e in v]
    A = [[float(e) for e in row] for row in a]
    Cm = [[float(e) for e in row] for row in c]
    targets = [float(e) for e in y]
    bias = float(b[0])
    n, d = len(A), len(w_list)
    grad_w = [0.0] * d
    grad_v = [0.0] * d
    grad_b = 0.0
    for k in range(n):
        p = sum(w_list[j] * A[k][j] + v_list[j] * Cm[k][j] for j in range(d)) + bias
        r = 2.0 * (p - targets[k]) / n
        grad_b += r
        for j in range(d):
            grad_w[j] += r * A[k][j]
            grad_v[j] += r * Cm[k][j]
    return grad_v, grad_w, [grad_b]  # <- wrong


def grad_fixed(w, v, b, a, c, y):
    w_list = [float(e) for e in w]
    v_list = [float(e) for e in v]
    A = [[float(e) for e in row] for row in a]
    Cm = [[float(e) for e in row] for row in c]
    targets = [float(e) for e in y]
    bias = float(b[0])
    n, d = len(A), len(w_list)
    grad_w = [0.0] * d
    grad_v = [0.0] * d
    grad_b = 0.0
    for k in range(n):
        p = sum(w_list[j] * A[k][j] + v_list[j] * Cm[k][j] for j in range(d)) + bias
        r = 2.0 * (p - targets[k]) / n
        grad_b += r
        for j in range(d):
            grad_w[j] += r * A[k][j]
            grad_v[j] += r * Cm[k][j]
    return grad_w, grad_v, [grad_b]


SPEC = dict(wrt=("w", "v", "b"),
            shapes={"w": ("D",), "v": ("D",), "b": (1,), "a": ("N", "D"), "c": ("N", "D"), "y": ("N",)},
            draws={}, sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_linear_01")
CAUSE = "return-order"
FIX = "wrt is (w, v, b), so return the user weights' gradient first: grad_w, grad_v, [grad_b]."
