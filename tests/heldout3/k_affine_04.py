"""A bias-free linear layer y = x W in numpy with L = 1/2 ||x W - t||_F^2, differentiated with
respect to both the input and the weight; x (3, 3), W (3, 3), t (3, 3): all square.
"""


from verify import derivation


def loss(x, W, t):
    return 0.5 * ((x @ W - t) ** 2).sum()


def grad(x, W, t):
    y = x @ W
    dy = y - t
    dx = dy @ W.T
    dW = x.T @ dy
    return dW, dx  # <- wrong


def grad_fixed(x, W, t):
    y = x @ W
    dy = y - t
    dx = dy @ W.T
    dW = x.T @ dy
    return dx, dW


SPEC = dict(wrt=("x", "W"), shapes={"x": (3, 3), "W": (3, 3), "t": (3, 3)})
case = derivation(loss, grad, **SPEC, name="k_affine_04")
CAUSE = "return-order"
FIX = "Return the gradients in the order of wrt: return dx, dW."
