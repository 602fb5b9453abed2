"""A bilinear score per example with a squared penalty, torch:
s_n = x_n A y_n^T, L = 1/2 sum_n s_n^2; x (N, D), y (N, D), A (D, D).
"""


from verify import derivation


def loss(x, y, A):
    s = ((x @ A) * y).sum(dim=1)
    return 0.5 * (s ** 2).sum()


def grad(x, y, A):
    s = ((x @ A) * y).sum(dim=1)
    ds = s[:, None]
    dx = ds * (y @ A.T)
    dy = ds * (x @ A)
    dA = x.T @ (ds * y)
    return dy, dx, dA  # <- wrong


def grad_fixed(x, y, A):
    s = ((x @ A) * y).sum(dim=1)
    ds = s[:, None]
    dx = ds * (y @ A.T)
    dy = ds * (x @ A)
    dA = x.T @ (ds * y)
    return dx, dy, dA


SPEC = dict(wrt=("x", "y", "A"), shapes={"x": ("N", "D"), "y": ("N", "D"), "A": ("D", "D")},
            draws={}, sizes={"N": 3, "D": 4})
case = derivation(loss, grad, **SPEC, name="w_bilinear_01")
CAUSE = "return-order"
FIX = "The gradients must be returned in the order of wrt: dx, dy, dA."
