"""Weight gradient of linear regression in patrickloeber/MLfromscratch (mlfromscratch/linear_regression.py).

Source: https://github.com/patrickloeber/MLfromscratch/issues/18 ("Factor `2` in derivatives
computation"). The model is scored with mean_squared_error = mean((y_true - y_pred) ** 2) (defined in
the same file), but fit() descends along
    dw = (1 / n_samples) * np.dot(X.T, (y_predicted - y))
which is the gradient of half the MSE: the factor 2 from d(e^2)/de is missing (the 1/2 convention of
the derivation was not the loss actually used). The fix multiplies by 2 / n_samples. Only dw is
checked here (db has the same missing 2).
Loss: mean((y - (X w + bias))^2); X (6, 3), weights (3,), bias (1,), y (6,).
"""

import numpy as np

from verify import derivation


def loss(X, weights, bias, y):
    return ((y - (X @ weights + bias)) ** 2).mean()


def grad(X, weights, bias, y):
    n_samples, n_features = X.shape
    y_predicted = np.dot(X, weights) + bias
    dw = (1 / n_samples) * np.dot(X.T, (y_predicted - y))  # <- wrong
    return dw


def grad_fixed(X, weights, bias, y):
    n_samples, n_features = X.shape
    y_predicted = np.dot(X, weights) + bias
    dw = (2 / n_samples) * np.dot(X.T, (y_predicted - y))
    return dw


SPEC = dict(wrt="weights", shapes={"X": (6, 3), "weights": (3,), "bias": (1,), "y": (6,)})
case = derivation(loss, grad, **SPEC, name="s_linreg_06")
CAUSE = "mse-convention"
FIX = "The MSE loss mean((y - y_pred)^2) has gradient (2 / n) X^T (y_pred - y), not (1 / n) X^T (y_pred - y)."
