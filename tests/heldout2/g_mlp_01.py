"""Nielsen's backprop for a sigmoid network with sizes [2, 3, 3] and the quadratic cost:
C = 1/2 ||a^L - y||^2 for one column-vector example x (2, 1), y (3, 1);
weights W1 (3, 2), W2 (3, 3), biases b1 (3, 1), b2 (3, 1).
"""

import numpy as np
import torch

from verify import derivation


def loss(W1, b1, W2, b2, x, y):
    """C = 1/2 ||sigma(W2 sigma(W1 x + b1) + b2) - y||^2."""
    a1 = torch.sigmoid(W1 @ x + b1)
    a2 = torch.sigmoid(W2 @ a1 + b2)
    return 0.5 * ((a2 - y) ** 2).sum()


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


def backprop(weights, biases, x, y):
    nabla_b = [np.zeros(b.shape) for b in biases]
    nabla_w = [np.zeros(w.shape) for w in weights]
    activation = x
    activations = [x]
    zs = []
    for b, w in zip(biases, weights, strict=True):
        z = np.dot(w, activation) + b
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
    nabla_b[-1] = delta
    nabla_w[-1] = np.dot(delta, activations[-2].transpose())
    for l in range(2, len(weights) + 1):
        sp = sigmoid_prime(zs[-l])
        delta = np.dot(weights[-l + 1], delta) * sp  # <- wrong
        nabla_b[-l] = delta
        nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
    return nabla_b, nabla_w


def backprop_fixed(weights, biases, x, y):
    nabla_b = [np.zeros(b.shape) for b in biases]
    nabla_w = [np.zeros(w.shape) for w in weights]
    activation = x
    activations = [x]
    zs = []
    for b, w in zip(biases, weights, strict=True):
        z = np.dot(w, activation) + b
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
    nabla_b[-1] = delta
    nabla_w[-1] = np.dot(delta, activations[-2].transpose())
    for l in range(2, len(weights) + 1):
        sp = sigmoid_prime(zs[-l])
        delta = np.dot(weights[-l + 1].transpose(), delta) * sp
        nabla_b[-l] = delta
        nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
    return nabla_b, nabla_w


def grad(W1, b1, W2, b2, x, y):
    nabla_b, nabla_w = backprop([W1, W2], [b1, b2], x, y)
    return nabla_w[0], nabla_b[0], nabla_w[1], nabla_b[1]


def grad_fixed(W1, b1, W2, b2, x, y):
    nabla_b, nabla_w = backprop_fixed([W1, W2], [b1, b2], x, y)
    return nabla_w[0], nabla_b[0], nabla_w[1], nabla_b[1]


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"W1": (3, 2), "b1": (3, 1), "W2": (3, 3), "b2": (3, 1),
                    "x": (2, 1), "y": (3, 1)},
            draws={"y": "uniform"})
case = derivation(loss, grad, **SPEC, name="g_mlp_01")
CAUSE = "transpose"
FIX = "Send the delta back through w^T: np.dot(weights[-l + 1].transpose(), delta)."
