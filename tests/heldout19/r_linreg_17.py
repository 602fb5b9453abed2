"""Batch gradient descent for linear regression in AssemblyAI-Community/Machine-Learning-From-Scratch (02 Linear Regression/LinearRegression.py).

Source: the first version (commit cab5718) computed
    dw = (1/n_samples) * np.dot(X.T, (y_pred-y))
    db = (1/n_samples) * np.sum(y_pred-y)
for the mean squared error the lesson derives; https://github.com/AssemblyAI-Community/Machine-Learning-From-Scratch/issues/9
("Missing `2` factor in derivatives computation") and commit 9ea7f86 changed both to
(1/n_samples) * 2*... . The 2 of the square is left out; here the db line is kept fixed in both
versions and dw carries the bug.
L = mean((X w + b - y)^2); X (6, 3), y (6,), weights (3,), bias ().
"""

import numpy as np

from verify import derivation


def loss(X, y, weights, bias):
    return ((X @ weights + bias - y) ** 2).mean()


def grad(X, y, weights, bias):
    n_samples, n_features = X.shape
    y_pred = np.dot(X, weights) + bias
    dw = (1/n_samples) * np.dot(X.T, (y_pred-y))  # <- wrong
    db = (1/n_samples) * 2*np.sum(y_pred-y)
    return dw, db


def grad_fixed(X, y, weights, bias):
    n_samples, n_features = X.shape
    y_pred = np.dot(X, weights) + bias
    dw = (1/n_samples) * 2*np.dot(X.T, (y_pred-y))
    db = (1/n_samples) * 2*np.sum(y_pred-y)
    return dw, db


SPEC = dict(wrt=("weights", "bias"), shapes={"X": (6, 3), "y": (6,), "weights": (3,), "bias": ()})
case = derivation(loss, grad, **SPEC, name="r_linreg_17")
CAUSE = "square-factor"
FIX = "d/dw mean((Xw + b - y)^2) = (2/n) X^T (y_pred - y): keep the 2 of the square."
