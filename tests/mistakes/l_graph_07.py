"""A matrix-vector node in numpy, out = W x with x a column of D, L = sum(dout * out).

W (M, D), x (D,), dout (M,) the upstream gradient.
"""

import numpy as np

from verify import derivation


def loss(W, x, dout):
    return (dout * (W @ x)).sum()


def grad(W, x, dout):
    dW = np.outer(x, dout)  # <- wrong
    dx = W.T.dot(dout)
    return dW, dx


def grad_fixed(W, x, dout):
    dW = np.outer(dout, x)
    dx = W.T.dot(dout)
    return dW, dx


SPEC = dict(wrt=("W", "x"), shapes={"W": (3, 3), "x": (3,), "dout": (3,)})
case = derivation(loss, grad, **SPEC, name="l_graph_07")
CAUSE = "transpose"
FIX = "dW is the outer product dout x^T: np.outer(dout, x), not np.outer(x, dout)."
