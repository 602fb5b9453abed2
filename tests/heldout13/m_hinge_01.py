"""A linear SVM with the mean hinge loss, labels y in {-1, +1}, pure Python:
s_n = x_n . w + b, L = 1/N sum_n max(0, 1 - y_n s_n); X (N, D), w (D,), b (1,), l (N,) in {0, 1}
with y = 2 l - 1, N = 4, D = 3.
"""

import torch

from verify import derivation


def loss(X, w, b, lab):
    y = (2 * lab - 1).to(X.dtype)
    return torch.clamp(1 - y * (X @ w + b), min=0).mean()


def grad(X, w, b, lab):
    rows, ws, b0, ls = X.tolist(), w.tolist(), b.tolist()[0], lab.tolist()
    N, D = len(rows), len(ws)
    dw = [0.0] * D
    db = 0.0
    for n in range(N):
        y = 2 * ls[n] - 1
        s = b0 + sum(rows[n][j] * ws[j] for j in range(D))
        if y * s < 0:  # <- wrong
            for j in range(D):
                dw[j] -= y * rows[n][j] / N
            db -= y / N
    return dw, [db]


def grad_fixed(X, w, b, lab):
    rows, ws, b0, ls = X.tolist(), w.tolist(), b.tolist()[0], lab.tolist()
    N, D = len(rows), len(ws)
    dw = [0.0] * D
    db = 0.0
    for n in range(N):
        y = 2 * ls[n] - 1
        s = b0 + sum(rows[n][j] * ws[j] for j in range(D))
        if y * s < 1:
            for j in range(D):
                dw[j] -= y * rows[n][j] / N
            db -= y / N
    return dw, [db]


SPEC = dict(wrt=("w", "b"), shapes={"X": ("N", "D"), "w": ("D",), "b": (1,), "lab": ("N",)},
            draws={"lab": ("labels", 2)}, sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_hinge_01")
CAUSE = "mask"
FIX = "The hinge is active while the margin y s is below 1, not below 0."
