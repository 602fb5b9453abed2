"""Back-propagated error of a sigmoid MLP, as in python-course.eu's "Neural Network with MNIST" class.

Source: https://stackoverflow.com/questions/53287032 ("Multi-layer neural network back-propagation
formula (using stochastic gradient descent)"): the tutorial code back-propagates
    output_errors = np.dot(self.weights_matrices[layer_index-1].T, output_errors)
i.e. the raw error, where the chain rule needs the error times the layer's sigmoid derivative,
`delta = np.dot(self.weights[k].T, tmp)` with tmp = delta * sigmoid_prime(A[k+1]); the question's
derivation shows the tmp version is the gradient. Written in the question's variables.
Three sigmoid layers, column vectors; L = 1/2 sum((a - y)^2); x (4, 1), y (2, 1), W0 (5, 4), W1 (3, 5), W2 (2, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, y, W0, W1, W2):
    a = x
    for W in (W0, W1, W2):
        a = torch.sigmoid(W @ a)
    return 0.5 * ((a - y) ** 2).sum()


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_prime(z):
    return z * (1 - z)


def grad(x, y, W0, W1, W2):
    weights = [W0, W1, W2]
    a = x
    A = [a]
    for k in range(3):
        a = sigmoid(np.dot(weights[k], a))
        A.append(a)
    grads = [None, None, None]
    delta = a - y
    for k in [2, 1, 0]:
        tmp = delta * sigmoid_prime(A[k + 1])
        delta = np.dot(weights[k].T, delta)  # <- wrong
        grads[k] = np.dot(tmp, A[k].T)
    return grads[0], grads[1], grads[2]


def grad_fixed(x, y, W0, W1, W2):
    weights = [W0, W1, W2]
    a = x
    A = [a]
    for k in range(3):
        a = sigmoid(np.dot(weights[k], a))
        A.append(a)
    grads = [None, None, None]
    delta = a - y
    for k in [2, 1, 0]:
        tmp = delta * sigmoid_prime(A[k + 1])
        delta = np.dot(weights[k].T, tmp)
        grads[k] = np.dot(tmp, A[k].T)
    return grads[0], grads[1], grads[2]


SPEC = dict(wrt=("W0", "W1", "W2"),
            shapes={"x": (4, 1), "y": (2, 1), "W0": (5, 4), "W1": (3, 5), "W2": (2, 3)},
            draws={"y": "uniform"})
case = derivation(loss, grad, **SPEC, name="r_mlp_12")
CAUSE = "activation-derivative-missing"
FIX = "Back-propagate the error through the layer's sigmoid first: delta = W[k].T @ (delta * a_{k+1} (1 - a_{k+1}))."
