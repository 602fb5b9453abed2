"""Linear least squares with a bias, batch as large as the output width:
E = 1/2 sum (x W + b - t)^2;
x (4, 3), W (3, 4), b (4,), t (4, 4).
"""


from verify import derivation


def loss(x, W, b, t):
    """E = 1/2 sum (x W + b - t)^2."""
    return 0.5 * ((x @ W + b - t) ** 2).sum()


def grad(x, W, b, t):
    r = x @ W + b - t
    dW = x.T @ r
    db = r.sum(dim=1)  # <- wrong
    return dW, db


def grad_fixed(x, W, b, t):
    r = x @ W + b - t
    dW = x.T @ r
    db = r.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"x": (4, 3), "W": (3, 4), "b": (4,), "t": (4, 4)})
case = derivation(loss, grad, **SPEC, name="h_affine_03")
CAUSE = "reduction-axis"
FIX = "The bias is shared by the examples: sum the residuals over the batch, dim=0."
