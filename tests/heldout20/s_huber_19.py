"""Modified Huber loss update in stdlib-js/stdlib (ml/incr/binary-classification, Model._modifiedHuberLoss).

Source: https://github.com/stdlib-js/stdlib/issues/13111 (fix proposed in
https://github.com/stdlib-js/stdlib/pull/15317). For d = y w.x >= -1 the loss is max(0, 1 - d)^2,
whose derivative is -2 y (1 - d) x, but the SGD step was
    this._add( x, eta*( y-(d*y) ) );
missing the factor 2 of the square (the d < -1 branch, 4 eta y, is right). The PR also stops the
update for d >= 1, where the loss is flat; that branch is written correctly in both versions here,
so they differ only in the factor 2. Translated from JavaScript; labels {0,1} are mapped to y = +-1
and the per-sample steps (w += scale x) are summed and negated into a gradient with eta = 1.
Loss: sum_i modified_huber(y_i w.x_i); w (5,), X (4, 5), label (4,).
"""

import numpy as np
import torch

from verify import derivation


def loss(w, X, label):
    y = 2.0 * label.to(X.dtype) - 1.0
    d = y * (X @ w)
    return torch.where(d < -1.0, -4.0 * d, torch.clamp(1.0 - d, min=0.0) ** 2).sum()


def grad(w, X, label):
    eta = 1.0
    g = np.zeros_like(w)
    for i in range(X.shape[0]):
        x = X[i]
        y = 2.0 * label[i] - 1.0
        d = y * np.dot(x, w)
        if d < -1.0:
            scale = 4.0 * eta * y
        elif d < 1.0:
            scale = eta * (y - (d * y))  # <- wrong
        else:
            scale = 0.0
        g -= scale * x
    return g


def grad_fixed(w, X, label):
    eta = 1.0
    g = np.zeros_like(w)
    for i in range(X.shape[0]):
        x = X[i]
        y = 2.0 * label[i] - 1.0
        d = y * np.dot(x, w)
        if d < -1.0:
            scale = 4.0 * eta * y
        elif d < 1.0:
            scale = eta * 2.0 * (y - (d * y))
        else:
            scale = 0.0
        g -= scale * x
    return g


SPEC = dict(wrt="w", shapes={"w": (5,), "X": (4, 5), "label": (4,)}, draws={"label": ("labels", 2)})
case = derivation(loss, grad, **SPEC, name="s_huber_19")
CAUSE = "square-factor"
FIX = "In the quadratic region the step is eta * 2 * (y - d y), the derivative of (1 - d)^2 keeping its factor 2."
