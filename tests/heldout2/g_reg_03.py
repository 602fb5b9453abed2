"""Nielsen's L2-regularised cross-entropy for one sigmoid layer over n examples (columns):
C = -1/n sum [y ln a + (1 - y) ln(1 - a)] + lmbda/(2n) ||w||^2, a = sigma(w X + b);
X (3, 6), w (2, 3), b (2, 1), Y (2, 6), lmbda = 5.0; the step uses eta = 0.5.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

LMBDA = 5.0
ETA = 0.5


def loss(w, b, X, Y):
    n = X.shape[1]
    cost = F.binary_cross_entropy_with_logits(w @ X + b, Y, reduction="sum") / n
    return cost + 0.5 * (LMBDA / n) * (w ** 2).sum()


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def grad(w, b, X, Y):
    n = X.shape[1]
    a = sigmoid(np.dot(w, X) + b)
    delta = a - Y
    nabla_b = delta.sum(axis=1, keepdims=True) / n
    nabla_w = np.dot(delta, X.T) / n + ETA * (LMBDA / n) * w  # <- wrong
    return nabla_w, nabla_b


def grad_fixed(w, b, X, Y):
    n = X.shape[1]
    a = sigmoid(np.dot(w, X) + b)
    delta = a - Y
    nabla_b = delta.sum(axis=1, keepdims=True) / n
    nabla_w = np.dot(delta, X.T) / n + (LMBDA / n) * w
    return nabla_w, nabla_b


SPEC = dict(wrt=("w", "b"), shapes={"w": (2, 3), "b": (2, 1), "X": (3, 6), "Y": (2, 6)},
            draws={"Y": "uniform"})
case = derivation(loss, grad, **SPEC, name="g_reg_03")
CAUSE = "wrong-coefficient"
FIX = "The gradient of lmbda/(2n) ||w||^2 is (lmbda/n) w; eta belongs to the update, not here."
