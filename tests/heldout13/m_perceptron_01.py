"""A single-layer linear perceptron (delta rule) without the 1/2, pure Python:
o_k = sum_i w_ki x_i, E = sum_k (t_k - o_k)^2; w (3, 4), x (4,), t (3,).
"""

from verify import derivation


def loss(w, x, t):
    o = w @ x
    return ((t - o) ** 2).sum()


def grad(w, x, t):
    W = w.tolist()
    xs = x.tolist()
    ts = t.tolist()
    dw = []
    for k in range(len(W)):
        o_k = 0.0
        for i in range(len(xs)):
            o_k += W[k][i] * xs[i]
        delta_k = -(ts[k] - o_k)  # <- wrong
        dw.append([delta_k * xs[i] for i in range(len(xs))])
    return dw


def grad_fixed(w, x, t):
    W = w.tolist()
    xs = x.tolist()
    ts = t.tolist()
    dw = []
    for k in range(len(W)):
        o_k = 0.0
        for i in range(len(xs)):
            o_k += W[k][i] * xs[i]
        delta_k = -2 * (ts[k] - o_k)
        dw.append([delta_k * xs[i] for i in range(len(xs))])
    return dw


SPEC = dict(wrt="w", shapes={"w": (3, 4), "x": (4,), "t": (3,)},
            draws={"t": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_perceptron_01")
CAUSE = "square-factor"
FIX = "E has no 1/2, so the delta keeps the square's 2: delta_k = -2 (t_k - o_k)."
