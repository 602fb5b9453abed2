"""A linear regression head trained with the half sum of squares, torch flat function:
y = x W + b, L = 1/2 sum (y - t)^2; x (8, 5), W (5, 3), b (3,), t (8, 3).
"""

from verify import derivation


def loss(x, W, b, t):
    y = x @ W + b
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W, b, t):
    y = x @ W + b
    dy = 2 * (y - t)  # <- wrong
    dW = x.T @ dy
    db = dy.sum(dim=0)
    return dW, db


def grad_fixed(x, W, b, t):
    y = x @ W + b
    dy = y - t
    dW = x.T @ dy
    db = dy.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"x": (8, 5), "W": (5, 3), "b": (3,), "t": (8, 3)})
case = derivation(loss, grad, **SPEC, name="m_loss_01")
CAUSE = "square-factor"
FIX = "With the 1/2 in front of the sum of squares the derivative is (y - t), without a 2."
