"""Simple linear regression fitted by gradient descent, mean squared error over the points:
L = (1/n) sum_i (a x_i + b - t_i)^2; a (1,), b (1,), x (5,), t (5,).
"""


from verify import derivation


def loss(a, b, x, t):
    return ((a * x + b - t) ** 2).mean()


def grad(a, b, x, t):
    a0, b0 = a.tolist()[0], b.tolist()[0]
    n = len(x)
    da = db = 0.0
    for xi, ti in zip(x.tolist(), t.tolist(), strict=True):
        err = a0 * xi + b0 - ti
        da += 2.0 * err * xi / n
        db += 2.0 * err / n
    return [db], [da]  # <- wrong


def grad_fixed(a, b, x, t):
    a0, b0 = a.tolist()[0], b.tolist()[0]
    n = len(x)
    da = db = 0.0
    for xi, ti in zip(x.tolist(), t.tolist(), strict=True):
        err = a0 * xi + b0 - ti
        da += 2.0 * err * xi / n
        db += 2.0 * err / n
    return [da], [db]


SPEC = dict(wrt=("a", "b"), shapes={"a": (1,), "b": (1,), "x": (5,), "t": (5,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="x_linreg_02")
CAUSE = "return-order"
FIX = "The gradients must come back in the order of the parameters, (da, db)."
