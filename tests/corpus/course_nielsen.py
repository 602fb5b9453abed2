"""Backpropagation in the style of a well-known online book on neural networks.

A ``Network`` class holds ``self.weights`` and ``self.biases`` as lists of numpy arrays
(weights ``(n_out, n_in)``, biases as column vectors ``(n_out, 1)``), feeds one example at a
time as a column vector, and ``backprop(x, y)`` returns ``(nabla_b, nabla_w)``, lists
built layer by layer from the back with negative indices; a mini-batch sums them and divides
by its length. Quadratic and cross-entropy costs (the cost classes with a ``delta`` static
method), L2 regularisation scaled by the size of the whole training set, a softmax output
layer with the log-likelihood cost, and the fully matrix-based mini-batch version with the
examples as columns.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


class QuadraticCost:
    @staticmethod
    def fn(a, y):
        return 0.5 * np.linalg.norm(a - y) ** 2

    @staticmethod
    def delta(z, a, y):
        return (a - y) * sigmoid_prime(z)


class CrossEntropyCost:
    @staticmethod
    def fn(a, y):
        return np.sum(np.nan_to_num(-y * np.log(a) - (1 - y) * np.log(1 - a)))

    @staticmethod
    def delta(z, a, y):
        return a - y


class Network:
    def __init__(self, weights, biases, cost=QuadraticCost):
        self.num_layers = len(weights) + 1
        self.weights = [np.array(w, dtype=float) for w in weights]
        self.biases = [np.array(b, dtype=float) for b in biases]
        self.cost = cost

    def feedforward(self, a):
        for b, w in zip(self.biases, self.weights, strict=True):
            a = sigmoid(np.dot(w, a) + b)
        return a

    def backprop(self, x, y):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        activation = x
        activations = [x]
        zs = []
        for b, w in zip(self.biases, self.weights, strict=True):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        delta = self.cost.delta(zs[-1], activations[-1], y)
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for layer in range(2, self.num_layers):
            z = zs[-layer]
            sp = sigmoid_prime(z)
            delta = np.dot(self.weights[-layer + 1].transpose(), delta) * sp
            nabla_b[-layer] = delta
            nabla_w[-layer] = np.dot(delta, activations[-layer - 1].transpose())
        return (nabla_b, nabla_w)

    def mini_batch_gradient(self, mini_batch, lmbda=0.0, n=1):
        """The gradient update_mini_batch steps along: the mean over the batch, plus L2."""
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b, strict=True)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w, strict=True)]
        m = len(mini_batch)
        nabla_w = [nw / m + (lmbda / n) * w for nw, w in zip(nabla_w, self.weights, strict=True)]
        nabla_b = [nb / m for nb in nabla_b]
        return nabla_b, nabla_w


def as_mini_batch(X, Y):
    """Rows of X and Y as the book's list of (column x, column y) pairs."""
    return [(np.reshape(x, (len(x), 1)), np.reshape(y, (len(y), 1)))
            for x, y in zip(X, Y, strict=True)]


# --- two layers, quadratic cost ------------------------------------------------------------


def quadratic_loss(w1, b1, w2, b2, X, Y):
    a1 = torch.sigmoid(X @ w1.T + b1.T)
    a2 = torch.sigmoid(a1 @ w2.T + b2.T)
    return (0.5 * ((a2 - Y) ** 2).sum(1)).mean()


def quadratic_grad(w1, b1, w2, b2, X, Y):
    net = Network([w1, w2], [b1, b2], cost=QuadraticCost)
    nabla_b, nabla_w = net.mini_batch_gradient(as_mini_batch(X, Y))
    return nabla_w[0], nabla_b[0], nabla_w[1], nabla_b[1]


network_quadratic = derivation(
    quadratic_loss, quadratic_grad, wrt=("w1", "b1", "w2", "b2"),
    shapes={"w1": ("H", "D"), "b1": ("H", 1), "w2": ("O", "H"), "b2": ("O", 1),
            "X": ("N", "D"), "Y": ("N", "O")},
    draws={"Y": "uniform"}, sizes={"N": 5, "D": 4, "H": 6, "O": 3})


# --- three layers, cross-entropy cost written as the book writes it --------------------------


def cross_entropy_loss(w1, b1, w2, b2, w3, b3, X, Y):
    a = X
    for w, b in ((w1, b1), (w2, b2), (w3, b3)):
        a = torch.sigmoid(a @ w.T + b.T)
    return F.binary_cross_entropy(a, Y, reduction="sum") / X.shape[0]


def cross_entropy_grad(w1, b1, w2, b2, w3, b3, X, Y):
    net = Network([w1, w2, w3], [b1, b2, b3], cost=CrossEntropyCost)
    nabla_b, nabla_w = net.mini_batch_gradient(as_mini_batch(X, Y))
    grads = []
    for nw, nb in zip(nabla_w, nabla_b, strict=True):
        grads += [nw, nb]
    return grads


network_cross_entropy = derivation(
    cross_entropy_loss, cross_entropy_grad, wrt=("w1", "b1", "w2", "b2", "w3", "b3"),
    shapes={"w1": ("H", "D"), "b1": ("H", 1), "w2": ("K", "H"), "b2": ("K", 1),
            "w3": ("O", "K"), "b3": ("O", 1), "X": ("N", "D"), "Y": ("N", "O")},
    draws={"Y": "uniform"}, sizes={"N": 4, "D": 3, "H": 5, "K": 4, "O": 2})


# --- cross-entropy with L2 regularisation over a training set of 1000 ----------------------

LMBDA = 5.0
TRAINING_SET = 1000


def l2_loss(w1, b1, w2, b2, X, Y):
    a1 = torch.sigmoid(X @ w1.T + b1.T)
    z2 = a1 @ w2.T + b2.T
    ce = F.binary_cross_entropy_with_logits(z2, Y, reduction="sum") / X.shape[0]
    return ce + 0.5 * (LMBDA / TRAINING_SET) * (w1.pow(2).sum() + w2.pow(2).sum())


def l2_grad(w1, b1, w2, b2, X, Y):
    net = Network([w1, w2], [b1, b2], cost=CrossEntropyCost)
    nabla_b, nabla_w = net.mini_batch_gradient(as_mini_batch(X, Y), lmbda=LMBDA,
                                               n=TRAINING_SET)
    return {"w1": nabla_w[0], "b1": nabla_b[0], "w2": nabla_w[1], "b2": nabla_b[1]}


network_l2 = derivation(
    l2_loss, l2_grad, wrt=("w1", "b1", "w2", "b2"),
    shapes={"w1": ("H", "D"), "b1": ("H", 1), "w2": ("O", "H"), "b2": ("O", 1),
            "X": ("N", "D"), "Y": ("N", "O")},
    draws={"Y": "uniform"}, sizes={"N": 6, "D": 4, "H": 3, "O": 2})


# --- softmax output layer with the log-likelihood cost ---------------------------------------


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


def softmax_backprop(weights, biases, x, label):
    """One example; sigmoid hidden layers, a softmax output, C = -ln a_label."""
    activations, zs = [x], []
    for i, (w, b) in enumerate(zip(weights, biases, strict=True)):
        z = np.dot(w, activations[-1]) + b
        zs.append(z)
        last = i == len(weights) - 1
        activations.append(softmax(z) if last else sigmoid(z))
    y = np.zeros(activations[-1].shape)
    y[label] = 1.0
    delta = activations[-1] - y
    nabla_w = [None] * len(weights)
    nabla_b = [None] * len(biases)
    nabla_w[-1] = np.dot(delta, activations[-2].T)
    nabla_b[-1] = delta
    for layer in range(2, len(weights) + 1):
        delta = np.dot(weights[-layer + 1].T, delta) * sigmoid_prime(zs[-layer])
        nabla_w[-layer] = np.dot(delta, activations[-layer - 1].T)
        nabla_b[-layer] = delta
    return nabla_w, nabla_b


def loglik_loss(w1, b1, w2, b2, X, labels):
    a1 = torch.sigmoid(X @ w1.T + b1.T)
    return F.cross_entropy(a1 @ w2.T + b2.T, labels)


def loglik_grad(w1, b1, w2, b2, X, labels):
    total_w = [np.zeros_like(w1), np.zeros_like(w2)]
    total_b = [np.zeros_like(b1), np.zeros_like(b2)]
    for x, label in zip(X, labels, strict=True):
        nw, nb = softmax_backprop([w1, w2], [b1, b2], x.reshape(-1, 1), int(label))
        for i in range(2):
            total_w[i] += nw[i]
            total_b[i] += nb[i]
    n = float(len(labels))
    return total_w[0] / n, total_b[0] / n, total_w[1] / n, total_b[1] / n


network_loglikelihood = derivation(
    loglik_loss, loglik_grad, wrt=("w1", "b1", "w2", "b2"),
    shapes={"w1": ("H", "D"), "b1": ("H", 1), "w2": ("C", "H"), "b2": ("C", 1),
            "X": ("N", "D"), "labels": ("N",)},
    draws={"labels": ("labels", "C")}, sizes={"N": 5, "D": 4, "H": 5, "C": 3})


# --- the fully matrix-based mini-batch: examples as columns ------------------------------------


def matrix_loss(w1, b1, w2, b2, X, Y):
    a1 = torch.sigmoid(X @ w1.T + b1.T)
    a2 = torch.sigmoid(a1 @ w2.T + b2.T)
    return 0.5 * ((a2 - Y) ** 2).sum() / X.shape[0]


def matrix_grad(w1, b1, w2, b2, X, Y):
    A0 = X.T                                   # (D, m): one column per example
    Yc = Y.T
    m = A0.shape[1]
    Z1 = w1 @ A0 + b1                          # b1 (H, 1) broadcast over the columns
    A1 = sigmoid(Z1)
    Z2 = w2 @ A1 + b2
    A2 = sigmoid(Z2)
    delta2 = (A2 - Yc) * sigmoid_prime(Z2)
    delta1 = (w2.T @ delta2) * sigmoid_prime(Z1)
    nabla_w = [delta1 @ A0.T / m, delta2 @ A1.T / m]
    nabla_b = [delta1.sum(axis=1, keepdims=True) / m, delta2.sum(axis=1, keepdims=True) / m]
    return nabla_w[0], nabla_b[0], nabla_w[1], nabla_b[1]


network_matrix_based = derivation(
    matrix_loss, matrix_grad, wrt=("w1", "b1", "w2", "b2"),
    shapes={"w1": ("H", "D"), "b1": ("H", 1), "w2": ("O", "H"), "b2": ("O", 1),
            "X": ("N", "D"), "Y": ("N", "O")},
    draws={"Y": "uniform"}, sizes={"N": 8, "D": 3, "H": 4, "O": 2})
