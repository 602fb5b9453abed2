"""Gradient of the logistic loss for online (SGD) logistic regression in mlcourse.ai, assignment 8.

Source: https://github.com/Yorko/mlcourse.ai/issues/640 ("Mistake in assignment 8"): "There is no true
formula for updating weights using gradient descent ... Minus in sigma's argument is critical"; the
maintainer: "You are totally right - this is a crucial minus sign", fixed in ea1fb2f. For one example
(x, y) with y in {-1, +1} the loss log(1 + exp(-y w.x)) has gradient -y x sigma(-y w.x), and the
update is w <- w + eta y x sigma(-y w.x); the assignment's formula had sigma(y w.x). Written as the
per-example gradient, accumulated over a small batch in a Python loop with numpy vectors.
Loss: sum_i log(1 + exp(-y_i w.x_i)); X (6, 4), w (4,), y_i = 2 label_i - 1.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(w, X, label):
    y = 2.0 * label - 1.0
    return F.softplus(-y * (X @ w)).sum()


def sigma(z):
    return 1.0 / (1.0 + np.exp(-z))


def grad(w, X, label):
    grad_w = np.zeros_like(w)
    for i in range(X.shape[0]):
        x, y = X[i], 2.0 * float(label[i]) - 1.0
        grad_w += -y * x * sigma(y * w.dot(x))  # <- wrong
    return grad_w


def grad_fixed(w, X, label):
    grad_w = np.zeros_like(w)
    for i in range(X.shape[0]):
        x, y = X[i], 2.0 * float(label[i]) - 1.0
        grad_w += -y * x * sigma(-y * w.dot(x))
    return grad_w


SPEC = dict(wrt="w", shapes={"w": (4,), "X": (6, 4), "label": (6,)}, draws={"label": ("labels", 2)})
case = derivation(loss, grad, **SPEC, name="y_logreg_01")
CAUSE = "sign"
FIX = "Keep the minus inside the sigmoid: the gradient is -y x sigma(-y w.x)."
