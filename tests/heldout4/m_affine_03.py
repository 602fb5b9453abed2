"""An affine layer whose forward and backward are CS231n-style functions, numpy:
out = x w + b, loss = sum(dout * out); x (N, D), w (D, M), b (M,), dout (N, M), all sizes
3 (a square batch through a square layer). Gradients of x, w, b.
"""


from verify import derivation


def affine_forward(x, w, b):
    out = x @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def loss(x, w, b, dout):
    return (dout * (x @ w + b)).sum()


def grad(x, w, b, dout):
    _, cache = affine_forward(x, w, b)
    dw, dx, db = affine_backward(dout, cache)  # <- wrong
    return dx, dw, db


def grad_fixed(x, w, b, dout):
    _, cache = affine_forward(x, w, b)
    dx, dw, db = affine_backward(dout, cache)
    return dx, dw, db


SPEC = dict(numpy=True, wrt=("x", "w", "b"), shapes={"x": (3, 3), "w": (3, 3), "b": (3,), "dout": (3, 3)})
case = derivation(loss, grad, **SPEC, name="m_affine_03")
CAUSE = "return-order"
FIX = "affine_backward returns (dx, dw, db), so unpack it in that order."
