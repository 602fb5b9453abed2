"""A linear SVM with the hinge loss and an L2 penalty, trained example by example, pure Python:
y_n = +1 or -1 from a 0/1 label, L = (lambda/2) ||w||^2 + sum_n max(0, 1 - y_n w . x_n);
w (3,), X (6, 3), labels (6,).
"""

from verify import derivation

LAM = 0.1


def loss(w, X, labels):
    y = 2 * labels - 1
    return 0.5 * LAM * (w ** 2).sum() + (1 - y * (X @ w)).clamp(min=0).sum()


def grad(w, X, labels):
    ws = w.tolist()
    dw = [LAM * wi for wi in ws]
    for x, lab in zip(X.tolist(), labels.tolist()):
        y = 1.0 if lab == 1 else -1.0
        score = sum(wi * xi for wi, xi in zip(ws, x))
        if score < 1:  # <- wrong
            for j in range(len(ws)):
                dw[j] -= y * x[j]
    return dw


def grad_fixed(w, X, labels):
    ws = w.tolist()
    dw = [LAM * wi for wi in ws]
    for x, lab in zip(X.tolist(), labels.tolist()):
        y = 1.0 if lab == 1 else -1.0
        score = sum(wi * xi for wi, xi in zip(ws, x))
        if y * score < 1:
            for j in range(len(ws)):
                dw[j] -= y * x[j]
    return dw


SPEC = dict(wrt="w", shapes={"w": (3,), "X": (6, 3), "labels": (6,)},
            draws={"labels": ("labels", 2)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_hinge_02")
CAUSE = "mask"
FIX = "An example is inside the margin when y_n (w . x_n) < 1; the test must include the label."
