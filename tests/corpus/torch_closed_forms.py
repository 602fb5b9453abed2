"""Closed-form gradients in plain torch, as people write them next to a training loop.

A gradient function takes the tensors and returns the gradients, written from the paper
formula: ReLU's mask applied in place to a clone (``grad[x < 0] = 0``), a leaky ReLU's
slope written into a ``ones_like`` buffer, a mask turned into numbers with ``.float()``,
``2.0 / N`` from a mean of squares, ``(p - y) / N`` for logistic regression and softmax with
cross-entropy, the softmax Jacobian-vector product, a hinge loss whose mask is made with
``>=``, and the Gaussian negative log-likelihood with a positive variance.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def relu_loss(x, dout):
    return (dout * torch.relu(x)).sum()


def relu_clone_grad(x, dout):
    grad = dout.clone()
    grad[x < 0] = 0
    return grad


relu_clone_mask = derivation(relu_loss, relu_clone_grad, wrt="x",
                             shapes={"x": ("N", "D"), "dout": ("N", "D")},
                             sizes={"N": 4, "D": 6})


def relu_float_grad(x, dout):
    return dout * (x > 0).float()


relu_float_mask = derivation(relu_loss, relu_float_grad, wrt="x",
                             shapes={"x": (16,), "dout": (16,)})


def leaky_relu_loss(x, dout):
    return (dout * F.leaky_relu(x, negative_slope=0.01)).sum()


def leaky_relu_grad(x, dout):
    dx = torch.ones_like(x)
    dx[x < 0] = 0.01
    return dout * dx


leaky_relu = derivation(leaky_relu_loss, leaky_relu_grad, wrt="x",
                        shapes={"x": (3, 3), "dout": (3, 3)})

LAMBDA = 0.01


def ridge_loss(X, y, w, b):
    return F.mse_loss(X @ w + b, y) + LAMBDA * (w ** 2).sum()


def ridge_grad(X, y, w, b):
    N = X.shape[0]
    err = X @ w + b - y
    dw = 2.0 / N * X.T @ err + 2 * LAMBDA * w
    db = 2.0 * err.mean()
    return dw, db


linear_regression = derivation(ridge_loss, ridge_grad, wrt=("w", "b"),
                               shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",), "b": ()},
                               sizes={"N": 6, "D": 3})


def logistic_loss(X, y, w, b):
    return F.binary_cross_entropy_with_logits(X @ w + b, y)


def logistic_grad(X, y, w, b):
    N = X.shape[0]
    p = torch.sigmoid(X @ w + b)
    dw = X.T @ (p - y) / N
    db = (p - y).sum() / N
    return dw, db


logistic_regression = derivation(logistic_loss, logistic_grad, wrt=("w", "b"),
                                 shapes={"X": (8, 4), "y": (8,), "w": (4,), "b": ()},
                                 draws={"y": "uniform"})


def softmax_ce_loss(z, y):
    return -(y * F.log_softmax(z, dim=1)).sum(dim=1).mean()


def softmax_ce_grad(z, y):
    N = z.shape[0]
    return (torch.softmax(z, dim=1) - y) / N


softmax_cross_entropy = derivation(softmax_ce_loss, softmax_ce_grad, wrt="z",
                                   shapes={"z": ("N", "C"), "y": ("N", "C")},
                                   draws={"y": "onehot"}, sizes={"N": 5, "C": 4})


def softmax_layer_loss(x, dout):
    return (dout * torch.softmax(x, dim=-1)).sum()


def softmax_layer_grad(x, dout):
    y = torch.softmax(x, dim=-1)
    return y * (dout - (dout * y).sum(-1, keepdim=True))


softmax_jacobian = derivation(softmax_layer_loss, softmax_layer_grad, wrt="x",
                              shapes={"x": (3, 5), "dout": (3, 5)})


def hinge_loss(X, t, w):
    y = 2 * t - 1
    return torch.clamp(1 - y * (X @ w), min=0).mean()


def hinge_grad(X, t, w):
    N = X.shape[0]
    y = 2 * t - 1
    margins = 1 - y * (X @ w)
    dscores = torch.where(margins >= 0, -y, torch.zeros_like(margins)) / N
    return X.T @ dscores


hinge = derivation(hinge_loss, hinge_grad, wrt="w",
                   shapes={"X": ("N", "D"), "t": ("N",), "w": ("D",)},
                   draws={"t": ("labels", 2), "w": ("normal", 0.5)}, sizes={"N": 8, "D": 3})


def gaussian_nll_loss(mu, target, var):
    return F.gaussian_nll_loss(mu, target, var)


def gaussian_nll_grad(mu, target, var):
    n = mu.numel()
    diff = mu - target
    dmu = diff / var / n
    dvar = 0.5 * (1.0 / var - diff ** 2 / var ** 2) / n
    return dmu, dvar


gaussian_nll = derivation(gaussian_nll_loss, gaussian_nll_grad, wrt=("mu", "var"),
                          shapes={"mu": (4, 2), "target": (4, 2), "var": (4, 2)},
                          draws={"var": "positive"})
