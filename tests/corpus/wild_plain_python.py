"""Small models whose gradients are written with Python numbers as much as with arrays.

Logistic regression by two nested ``for`` loops over plain floats and ``math.exp``,
returning a list of floats and a float; the computational graph f = x y + z by gate
objects, where the add gate hands back ``dout`` and backward starts from ``1``; a
bag-of-words scorer whose per-word bias gradient is ``np.bincount`` of the tokens; a
quadratic fitted by least squares whose
gradient comes back as a dict of ``.item()`` numbers; a weighted least-squares fit of a
clamped linear model whose normaliser is read with ``.item()``; and a one-hidden-layer
regressor with a thresholded softplus, its backward written on detached tensors.
"""

import math

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation

# --- logistic regression, one number at a time ---------------------------------------------


def logreg_loss(w, b, X, y):
    return F.binary_cross_entropy_with_logits(X @ w + b, y.to(X.dtype))


def logreg_grad(w, b, X, y):
    n_samples, n_features = len(X), len(w)
    dw = [0.0] * n_features
    db = 0.0
    for i in range(n_samples):
        z = float(b)
        for j in range(n_features):
            z += float(w[j]) * float(X[i][j])
        p = 1.0 / (1.0 + math.exp(-z))
        err = p - float(y[i])
        for j in range(n_features):
            dw[j] += err * float(X[i][j])
        db += err
    dw = [g / n_samples for g in dw]
    db = db / n_samples
    return dw, db


logistic_regression_loops = derivation(
    logreg_loss, logreg_grad, wrt=("w", "b"),
    shapes={"w": (3,), "b": (), "X": (7, 3), "y": (7,)}, draws={"y": ("labels", 2)})

# --- gates of a computational graph ----------------------------------------------------------


class MultiplyGate:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class AddGate:
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout, dout


def graph_loss(x, y, z):
    return x * y + z


def graph_grad(x, y, z):
    mul, add = MultiplyGate(), AddGate()
    q = mul.forward(x, y)
    add.forward(q, z)
    dq, dz = add.backward(1)
    dx, dy = mul.backward(dq)
    return dx, dy, dz


mul_add_graph = derivation(graph_loss, graph_grad, wrt=("x", "y", "z"),
                           shapes={"x": (), "y": (), "z": ()})

# --- bag of words: embeddings and per-word biases ----------------------------------------------


def bag_of_words_loss(tokens, E, u, bias):
    return (E[tokens] @ u + bias[tokens]).sum()


def bag_of_words_grad(tokens, E, u, bias):
    dE = np.zeros_like(E)
    np.add.at(dE, tokens, u)
    du = E[tokens].sum(axis=0)
    dbias = np.bincount(tokens, minlength=bias.shape[0])
    return dE, du, dbias


bag_of_words = derivation(
    bag_of_words_loss, bag_of_words_grad, wrt=("E", "u", "bias"),
    shapes={"tokens": ("T",), "E": ("V", "D"), "u": ("D",), "bias": ("V",)},
    draws={"tokens": ("labels", "V")}, sizes={"T": 9, "V": 6, "D": 3})

# --- a quadratic, gradient as a dict of Python floats --------------------------------------


def quadratic_fit_loss(a, b, c, x, y):
    return ((a * x ** 2 + b * x + c - y) ** 2).mean()


def quadratic_fit_grad(a, b, c, x, y):
    residual = a * x ** 2 + b * x + c - y
    grads = {}
    grads["a"] = (2 * residual * x ** 2).mean().item()
    grads["b"] = (2 * residual * x).mean().item()
    grads["c"] = (2 * residual).mean().item()
    return grads


quadratic_fit = derivation(
    quadratic_fit_loss, quadratic_fit_grad, wrt=("a", "b", "c"),
    shapes={"a": (), "b": (), "c": (), "x": ("N",), "y": ("N",)}, sizes={"N": 2})

# --- weighted least squares through a clamp --------------------------------------------------


def weighted_clamp_loss(x, theta, t, weight):
    pred = torch.clamp(x @ theta, -1.0, 1.0)
    return (weight * (pred - t) ** 2).sum() / weight.sum()


def weighted_clamp_grad(x, theta, t, weight):
    z = x @ theta
    pred = z.clamp(-1.0, 1.0)
    total = weight.sum().item()
    dpred = 2.0 * weight * (pred - t) / total
    dz = dpred.clone()
    dz[(z < -1.0) | (z > 1.0)] = 0.0
    return x.t() @ dz


weighted_clamp = derivation(
    weighted_clamp_loss, weighted_clamp_grad, wrt="theta",
    shapes={"x": (8, 3), "theta": (3,), "t": (8,), "weight": (8,)},
    draws={"t": ("uniform", -1.0, 1.0), "weight": "uniform"})

# --- one hidden layer with a thresholded softplus --------------------------------------------

BETA, THRESHOLD = 2.0, 10.0


def softplus_net_loss(X, W1, w2, y):
    h = F.softplus(X @ W1, beta=BETA, threshold=THRESHOLD)
    return 0.5 * ((h @ w2 - y) ** 2).mean()


def softplus_net_grad(X, W1, w2, y):
    X, W1, w2, y = (v.detach() for v in (X, W1, w2, y))
    n = X.shape[0]
    a = X @ W1
    h = F.softplus(a, beta=BETA, threshold=THRESHOLD)
    err = (h @ w2 - y) / n
    dw2 = h.T @ err
    dh = torch.outer(err, w2)
    dact = torch.where(a * BETA > THRESHOLD, torch.ones_like(a), torch.sigmoid(BETA * a))
    dW1 = X.T @ (dh * dact)
    return dW1, dw2


softplus_net = derivation(
    softplus_net_loss, softplus_net_grad, wrt=("W1", "w2"),
    shapes={"X": (5, 4), "W1": (4, 4), "w2": (4,), "y": (5,)})
