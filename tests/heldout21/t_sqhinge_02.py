"""L2-SVM (squared hinge loss) on a linear scorer, in torch.

s = X w, loss L = mean(max(0, 1 - y s)^2); X (4, 3), w (3,), y (4,) fixed labels in {-1, +1}.
Gradient with respect to w.
Mistake: d/ds of the squared slack is written -slack * y, the 2 of the square is lost.
"""

import torch

from verify import derivation

LABELS = [1.0, -1.0, -1.0, 1.0]


def loss(w, X, y):
    return (torch.clamp(1 - y * (X @ w), min=0) ** 2).mean()


def grad(w, X, y):
    n = X.shape[0]
    scores = X @ w
    slack = torch.clamp(1 - y * scores, min=0)
    dscores = -slack * y  # <- wrong
    return X.T @ dscores / n


def grad_fixed(w, X, y):
    n = X.shape[0]
    scores = X @ w
    slack = torch.clamp(1 - y * scores, min=0)
    dscores = -2 * slack * y
    return X.T @ dscores / n


SPEC = dict(wrt="w", shapes={"w": (3,), "X": (4, 3), "y": (4,)},
            draws={"y": ("fixed", torch.tensor(LABELS))})
case = derivation(loss, grad, **SPEC, name="t_sqhinge_02")
CAUSE = "square-factor"
FIX = "d/ds max(0, 1 - y s)^2 = -2 max(0, 1 - y s) y, so dscores needs the factor 2."
