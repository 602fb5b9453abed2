"""A linear multiclass SVM (Weston-Watkins hinge, margin 1), pure Python loops:
s = x_i W, L = 1/N sum_i sum_{j != y_i} max(0, s_j - s_{y_i} + 1);
x (6, 4), W (4, 3), y (6,) labels in 0..2.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W, y):
    s = x @ W
    sy = s.gather(1, y[:, None])
    margins = torch.clamp(s - sy + 1, min=0) * (1 - F.one_hot(y, W.shape[1]).to(s.dtype))
    return margins.sum() / x.shape[0]


def grad(x, W, y):
    x, W, y = x.tolist(), W.tolist(), y.tolist()
    n, d, c = len(x), len(W), len(W[0])
    dW = [[0.0] * c for _ in range(d)]
    for i in range(n):
        s = [sum(x[i][k] * W[k][j] for k in range(d)) for j in range(c)]
        for j in range(c):
            if j == y[i]:
                continue
            if s[j] - s[y[i]] > 0:  # <- wrong
                for k in range(d):
                    dW[k][j] += x[i][k] / n
                    dW[k][y[i]] -= x[i][k] / n
    return dW


def grad_fixed(x, W, y):
    x, W, y = x.tolist(), W.tolist(), y.tolist()
    n, d, c = len(x), len(W), len(W[0])
    dW = [[0.0] * c for _ in range(d)]
    for i in range(n):
        s = [sum(x[i][k] * W[k][j] for k in range(d)) for j in range(c)]
        for j in range(c):
            if j == y[i]:
                continue
            if s[j] - s[y[i]] + 1 > 0:
                for k in range(d):
                    dW[k][j] += x[i][k] / n
                    dW[k][y[i]] -= x[i][k] / n
    return dW


SPEC = dict(wrt="W", shapes={"x": (6, 4), "W": (4, 3), "y": (6,)}, draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="n_hinge_33")
CAUSE = "mask"
FIX = "A class violates the margin when s_j - s_y + 1 > 0, so the active test must include the margin of 1."
