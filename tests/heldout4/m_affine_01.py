"""An affine layer in torch's nn.Linear convention, y = x W^T + b, with a square weight,
torch; loss = sum(dout * y) for a given upstream gradient dout; x (N, D), W (D, D), b (D,),
dout (N, D), N = 3, D = 4. Gradients of x, W, b.
"""


from verify import derivation


def loss(x, W, b, dout):
    return (dout * (x @ W.T + b)).sum()


def grad(x, W, b, dout):
    dx = dout @ W
    dW = x.T @ dout  # <- wrong
    db = dout.sum(dim=0)
    return dx, dW, db


def grad_fixed(x, W, b, dout):
    dx = dout @ W
    dW = dout.T @ x
    db = dout.sum(dim=0)
    return dx, dW, db


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": ("N", "D"), "W": ("D", "D"), "b": ("D",), "dout": ("N", "D")},
            sizes={"N": 3, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_affine_01")
CAUSE = "transpose"
FIX = "With y = x W^T the weight is stored (out, in), so dW = dout^T x, the transpose of x^T dout."
