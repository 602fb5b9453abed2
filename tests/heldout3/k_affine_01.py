"""A fully connected layer y = x W + b in torch (no autograd), checked through L = sum(dout * y);
x (N, D) = (4, 4), W (4, 4), b (4,), dout (4, 4): every size is 4, so a product in the wrong
order still has the right shape.
"""


from verify import derivation


def loss(x, W, b, dout):
    return (dout * (x @ W + b)).sum()


def grad(x, W, b, dout):
    dx = dout @ W.T
    dW = x @ dout  # <- wrong
    db = dout.sum(dim=0)
    return dx, dW, db


def grad_fixed(x, W, b, dout):
    dx = dout @ W.T
    dW = x.T @ dout
    db = dout.sum(dim=0)
    return dx, dW, db


SPEC = dict(wrt=("x", "W", "b"), shapes={"x": (4, 4), "W": (4, 4), "b": (4,), "dout": (4, 4)})
case = derivation(loss, grad, **SPEC, name="k_affine_01")
CAUSE = "transpose"
FIX = "dL/dW sums over the batch, which needs the transposed input: dW = x.T @ dout."
