"""Backward of matrix multiplication in TinyTorch (harvard-edge/cs249r_book, tinytorch/src/06_autograd/06_autograd.py, MatmulBackward.apply).

Source: https://github.com/harvard-edge/cs249r_book/pull/1781 ("fix(tinytorch): correct MatmulBackward
gradients for 1D vector inputs"). For out = A @ b with A (m, k) and a vector b (k,), the gradient of A
is the outer product grad_output b^T, shape (m, k). apply() "transposed" a 1-D operand with .T, which
is a no-op for 1-D arrays, and then called np.matmul(grad_output, b_T): with m == k this silently returns
the dot product of grad_output and b, a scalar, instead of the (m, k) outer product (with m != k it
raises). The fix builds the outer product for a 1-D b. numpy as in the original; the .data of TinyTorch
tensors is read with np.asarray.
Loss: sum(g * (A @ b)); A (4, 4), b (4,), g (4,).
"""

import numpy as np

from verify import derivation


def loss(A, b, g):
    return (g * (A @ b)).sum()


def grad(A, b, g):
    grad_output = np.asarray(g)
    b_data = np.asarray(b)
    if b_data.ndim >= 2:
        b_T = np.swapaxes(b_data, -2, -1)
    else:
        b_T = b_data.T
    grad_a = np.matmul(grad_output, b_T)  # <- wrong
    return grad_a


def grad_fixed(A, b, g):
    grad_output = np.asarray(g)
    b_data = np.asarray(b)
    if b_data.ndim >= 2:
        b_T = np.swapaxes(b_data, -2, -1)
    else:
        b_T = b_data.T
    grad_a = np.outer(grad_output, b_T) if b_data.ndim == 1 else np.matmul(grad_output, b_T)
    return grad_a


SPEC = dict(wrt="A", shapes={"A": (4, 4), "b": (4,), "g": (4,)})
case = derivation(loss, grad, **SPEC, name="u_matmul_01")
CAUSE = "transpose"
FIX = "For a 1-D b, whose .T is a no-op, form the outer product np.outer(grad_output, b) instead of np.matmul(grad_output, b.T)."
