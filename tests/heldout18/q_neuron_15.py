"""Open-Deep-ML/DML-OpenProblem issue #54 (https://github.com/Open-Deep-ML/DML-OpenProblem/issues/54),
questions/25_single-neuron-with-backpropagation/solution.py: "There is 2 / n multiplier for
gradients in the Learn section, but 1/n in the solution"; the maintainer: "it should be 2/n like
in the learn section not 1/n". mse = np.mean((predictions - labels) ** 2). The bias gradient had
the same 1/n; reduced to the weights.
features (5, 3), weights (3,), bias scalar, labels (5,).
"""

import numpy as np
import torch

from verify import derivation


def loss(weights, bias, features, labels):
    return torch.mean((torch.sigmoid(features @ weights + bias) - labels) ** 2)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def grad(weights, bias, features, labels):
    z = np.dot(features, weights) + bias
    predictions = sigmoid(z)
    errors = predictions - labels
    weight_gradients = (1 / len(labels)) * np.dot(features.T, errors * predictions * (1 - predictions))  # <- wrong
    return weight_gradients


def grad_fixed(weights, bias, features, labels):
    z = np.dot(features, weights) + bias
    predictions = sigmoid(z)
    errors = predictions - labels
    weight_gradients = (2 / len(labels)) * np.dot(features.T, errors * predictions * (1 - predictions))
    return weight_gradients


SPEC = dict(wrt="weights", shapes={"weights": (3,), "bias": (), "features": (5, 3), "labels": (5,)},
            draws={"labels": "uniform"})
case = derivation(loss, grad, **SPEC, name="q_neuron_15")
CAUSE = "mse-convention"
FIX = "The loss is the plain mean of squares, whose derivative carries 2/n: (2 / len(labels)) * np.dot(features.T, ...)."
