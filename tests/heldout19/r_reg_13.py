"""L2-regularised two-layer sigmoid MLP of omar-florez/scratch_mlp (scratch_mlp.py).

Source: omar-florez/scratch_mlp, scratch_mlp.py:
    dL_dw2 = dz2_dw2.T.dot(dL_dh2*dh2_dz2) + reg_coeff*np.square(w2).sum()
https://github.com/omar-florez/scratch_mlp/issues/4 ("something wrong") gives the fix
`dL_dw2 = dz2_dw2.T.dot(dL_dh2*dh2_dz2) + reg_coeff*w2` (same for w1), and issue #5 asks "why is
there a square appearing for the regularization for w2 in the derivative?": the penalty's value
was added where its derivative belongs. The loss is written with the data term the gradient's
other parts differentiate (1/2 sum of squares, as dL_dh2 = -(y - h2) implies) and
reg_coeff/2 ||w||^2 for each weight. The w1 line had the same mistake; it is kept fixed in both
versions here so the bug is the single dL_dw2 line.
X (5, 2), y (5, 2), w1 (2, 4), w2 (4, 2), reg_coeff = 0.1.
"""

import numpy as np
import torch

from verify import derivation

reg_coeff = 0.1


def loss(X, y, w1, w2):
    h1 = torch.sigmoid(X @ w1)
    h2 = torch.sigmoid(h1 @ w2)
    return 0.5 * ((y - h2) ** 2).sum() + reg_coeff / 2 * ((w1 ** 2).sum() + (w2 ** 2).sum())


def sigmoid(z, first_derivative=False):
    if first_derivative:
        return z*(1.0-z)
    return 1.0/(1.0+np.exp(-z))


def grad(X, y, w1, w2):
    h1 = sigmoid(np.matmul(X, w1))
    h2 = sigmoid(np.matmul(h1, w2))
    dL_dh2 = -(y - h2)
    dh2_dz2 = sigmoid(h2, first_derivative=True)
    dz2_dw2 = h1
    dL_dw2 = dz2_dw2.T.dot(dL_dh2*dh2_dz2) + reg_coeff*np.square(w2).sum()  # <- wrong
    dL_dz2 = dL_dh2 * dh2_dz2
    dL_dh1 = dL_dz2.dot(w2.T)
    dh1_dz1 = sigmoid(h1, first_derivative=True)
    dL_dw1 = X.T.dot(dL_dh1*dh1_dz1) + reg_coeff*w1
    return dL_dw1, dL_dw2


def grad_fixed(X, y, w1, w2):
    h1 = sigmoid(np.matmul(X, w1))
    h2 = sigmoid(np.matmul(h1, w2))
    dL_dh2 = -(y - h2)
    dh2_dz2 = sigmoid(h2, first_derivative=True)
    dz2_dw2 = h1
    dL_dw2 = dz2_dw2.T.dot(dL_dh2*dh2_dz2) + reg_coeff*w2
    dL_dz2 = dL_dh2 * dh2_dz2
    dL_dh1 = dL_dz2.dot(w2.T)
    dh1_dz1 = sigmoid(h1, first_derivative=True)
    dL_dw1 = X.T.dot(dL_dh1*dh1_dz1) + reg_coeff*w1
    return dL_dw1, dL_dw2


SPEC = dict(wrt=("w1", "w2"), shapes={"X": (5, 2), "y": (5, 2), "w1": (2, 4), "w2": (4, 2)},
            draws={"y": "onehot"})
case = derivation(loss, grad, **SPEC, name="r_reg_13")
CAUSE = "wrong-operand"
FIX = "The derivative of reg_coeff/2 ||w2||^2 is reg_coeff * w2, not the penalty's value reg_coeff * sum(w2^2)."
