"""Backpropagation of scikit-learn's MLPRegressor with several outputs (sklearn/neural_network/_multilayer_perceptron.py, BaseMultilayerPerceptron._backprop).

Source: https://github.com/scikit-learn/scikit-learn/issues/8349 ("Bug in bfgs gradient computation of
MLPRegressor with multiple output neurons"). The squared loss is 0.5 * mean((y - y_pred)^2) taken over
the samples AND the outputs (np.average(..., axis=0).mean()), but _backprop starts from
deltas[last] = activations[-1] - y and _compute_loss_grad divides only by n_samples, so the
gradient lbfgs receives is n_outputs times the gradient of the loss it receives with it ("the
analytical gradient is exactly n_outputs times the numerical gradient"). Samples are rows.
Loss: 0.5 mean((relu(X W1 + b1) W2 + b2 - y)^2) + 0.5 alpha ||W||^2 / n_samples; X (5, 3), y (5, 3).
"""

import numpy as np
import torch

from verify import derivation

ALPHA = 0.0001


def loss(W1, b1, W2, b2, X, y):
    hidden = torch.relu(X @ W1 + b1)
    y_pred = hidden @ W2 + b2
    values = (W1 ** 2).sum() + (W2 ** 2).sum()
    return ((y - y_pred) ** 2).mean() / 2 + (0.5 * ALPHA) * values / X.shape[0]


def inplace_relu_derivative(Z, delta):
    delta[Z == 0] = 0


def _compute_loss_grad(layer, n_samples, activations, deltas, coefs_, coef_grads, intercept_grads):
    coef_grads[layer] = activations[layer].T @ deltas[layer]
    coef_grads[layer] += ALPHA * coefs_[layer]
    coef_grads[layer] /= n_samples
    intercept_grads[layer] = np.mean(deltas[layer], 0)


def grad(W1, b1, W2, b2, X, y):
    coefs_, intercepts_ = [W1, W2], [b1, b2]
    n_samples = X.shape[0]
    activations = [X, np.maximum(X @ W1 + b1, 0)]
    activations.append(activations[1] @ W2 + b2)
    deltas = [None, None]
    coef_grads, intercept_grads = [None, None], [None, None]

    last = 1
    deltas[last] = activations[-1] - y  # <- wrong
    _compute_loss_grad(last, n_samples, activations, deltas, coefs_, coef_grads, intercept_grads)
    for i in range(last, 0, -1):
        deltas[i - 1] = deltas[i] @ coefs_[i].T
        inplace_relu_derivative(activations[i], deltas[i - 1])
        _compute_loss_grad(i - 1, n_samples, activations, deltas, coefs_, coef_grads, intercept_grads)
    return coef_grads[0], intercept_grads[0], coef_grads[1], intercept_grads[1]


def grad_fixed(W1, b1, W2, b2, X, y):
    coefs_, intercepts_ = [W1, W2], [b1, b2]
    n_samples = X.shape[0]
    activations = [X, np.maximum(X @ W1 + b1, 0)]
    activations.append(activations[1] @ W2 + b2)
    deltas = [None, None]
    coef_grads, intercept_grads = [None, None], [None, None]

    last = 1
    deltas[last] = (activations[-1] - y) / y.shape[1]
    _compute_loss_grad(last, n_samples, activations, deltas, coefs_, coef_grads, intercept_grads)
    for i in range(last, 0, -1):
        deltas[i - 1] = deltas[i] @ coefs_[i].T
        inplace_relu_derivative(activations[i], deltas[i - 1])
        _compute_loss_grad(i - 1, n_samples, activations, deltas, coefs_, coef_grads, intercept_grads)
    return coef_grads[0], intercept_grads[0], coef_grads[1], intercept_grads[1]


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"W1": (3, 4), "b1": (4,), "W2": (4, 3), "b2": (3,), "X": (5, 3), "y": (5, 3)})
case = derivation(loss, grad, **SPEC, name="u_mlp_03")
CAUSE = "mse-convention"
FIX = "Divide the output delta by the number of outputs as well, deltas[last] = (activations[-1] - y) / n_outputs, since squared_loss averages over every element."
