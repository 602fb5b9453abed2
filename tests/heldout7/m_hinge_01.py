"""A linear SVM with the binary hinge loss, in plain Python loops:
s_n = w . x_n + b, y_n in {0, 1} read as -1 / +1, L = 1/N sum_n max(0, 1 - y_n s_n);
X (N, D), y (N,) integer labels, w (1, D), b (1, 1) with N = 8, D = 3.
"""

import torch

from verify import derivation


def loss(X, y, w, b):
    sgn = 2.0 * y.to(X.dtype) - 1.0
    s = (X @ w.T + b).squeeze(1)
    return torch.relu(1.0 - sgn * s).mean()


def grad(X, y, w, b):
    n_samples, dim = len(X), len(X[0])
    dw = [[0.0] * dim]
    db = [[0.0]]
    for n in range(n_samples):
        sgn = 1.0 if int(y[n]) == 1 else -1.0
        score = float(b[0][0]) + sum(float(w[0][d]) * float(X[n][d]) for d in range(dim))
        if sgn * score < 1.0:
            for d in range(dim):
                dw[0][d] += sgn * float(X[n][d]) / n_samples  # <- wrong
            db[0][0] -= sgn / n_samples
    return dw, db


def grad_fixed(X, y, w, b):
    n_samples, dim = len(X), len(X[0])
    dw = [[0.0] * dim]
    db = [[0.0]]
    for n in range(n_samples):
        sgn = 1.0 if int(y[n]) == 1 else -1.0
        score = float(b[0][0]) + sum(float(w[0][d]) * float(X[n][d]) for d in range(dim))
        if sgn * score < 1.0:
            for d in range(dim):
                dw[0][d] -= sgn * float(X[n][d]) / n_samples
            db[0][0] -= sgn / n_samples
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "w": (1, "D"), "b": (1, 1)},
            draws={"y": ("labels", 2)}, sizes={"N": 8, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_hinge_01")
CAUSE = "sign"
FIX = "d/dw of max(0, 1 - y s) is -y x where the margin is violated, so dw -= y x / N."
