"""Gradient of the ridge-regression loss in eriklindernoren/ML-From-Scratch (mlfromscratch/supervised_learning/regression.py).

Source: Regression.fit computes
    mse = np.mean(0.5 * (y - y_pred)**2 + self.regularization(self.w))
    grad_w = -(y - y_pred).dot(X) + self.regularization.grad(self.w)
https://github.com/eriklindernoren/ML-From-Scratch/issues/38 ("The gradient in gradient descent
is not correct": "Since the gradient was built from MSE, it should be divided by the number of
training examples") and issue #74 (same report; "Yes it should be"): the data term of the
gradient misses the 1/n of the mean. RidgeRegression's l2_regularization: alpha/2 w.w, grad alpha w.
X (6, 3), y (6,), w (3,), alpha = 0.5.
"""


from verify import derivation

ALPHA = 0.5


def loss(X, y, w):
    y_pred = X @ w
    return (0.5 * (y - y_pred) ** 2).mean() + ALPHA * 0.5 * (w @ w)


class l2_regularization():
    def __init__(self, alpha):
        self.alpha = alpha

    def __call__(self, w):
        return self.alpha * 0.5 * w.T.dot(w)

    def grad(self, w):
        return self.alpha * w


def grad(X, y, w):
    regularization = l2_regularization(alpha=ALPHA)
    y_pred = X.dot(w)
    grad_w = -(y - y_pred).dot(X) + regularization.grad(w)  # <- wrong
    return grad_w


def grad_fixed(X, y, w):
    regularization = l2_regularization(alpha=ALPHA)
    y_pred = X.dot(w)
    grad_w = -(y - y_pred).dot(X) / len(y) + regularization.grad(w)
    return grad_w


SPEC = dict(wrt="w", shapes={"X": (6, 3), "y": (6,), "w": (3,)})
case = derivation(loss, grad, **SPEC, name="r_ridge_16")
CAUSE = "batch-mean"
FIX = "The loss averages the squared error over the n samples, so the data term of the gradient is -(y - y_pred).dot(X) / n."
