"""Gradient of the multiclass SVM loss with L2 regularisation (jingtinghuang/CS231n-Spring-2017, assignment1/cs231n/classifiers/linear_svm.py, svm_loss_naive).

Source: https://github.com/jingtinghuang/CS231n-Spring-2017/issues/3 ("Missing factor of 2 in gradient of
L2 regularization"): the loss adds reg * np.sum(W * W), so its gradient is 2 * reg * W, but the code
adds dW += reg * W (the vectorized version has the same line). The hinge part is the course's
loop over examples and classes, averaged over the batch. Samples are rows, W is (D, C). Python 2
(xrange) turned into Python 3 range, otherwise as written.
Loss: mean_i sum_{j != y_i} max(0, x_i W_j - x_i W_{y_i} + 1) + reg ||W||^2; W (4, 3), X (5, 4), reg = 0.1.
"""

import numpy as np
import torch

from verify import derivation

REG = 0.1


def loss(W, X, y):
    scores = X @ W
    correct = scores.gather(1, y[:, None])
    margin = torch.clamp(scores - correct + 1, min=0)
    margin = margin * (1 - torch.nn.functional.one_hot(y, W.shape[1]).to(W.dtype))
    return margin.sum() / X.shape[0] + REG * torch.sum(W * W)


def grad(W, X, y):
    reg = REG
    dW = np.zeros(W.shape)

    num_classes = W.shape[1]
    num_train = X.shape[0]
    loss = 0.0
    for i in range(num_train):
        scores = X[i].dot(W)
        correct_class_score = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct_class_score + 1  # note delta = 1
            if margin > 0:
                loss += margin
                dW[:, j] += X[i, :].T
                dW[:, y[i]] -= X[i, :].T

    loss /= num_train
    dW /= num_train

    loss += reg * np.sum(W * W)
    dW += reg * W  # <- wrong
    return dW


def grad_fixed(W, X, y):
    reg = REG
    dW = np.zeros(W.shape)

    num_classes = W.shape[1]
    num_train = X.shape[0]
    loss = 0.0
    for i in range(num_train):
        scores = X[i].dot(W)
        correct_class_score = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct_class_score + 1  # note delta = 1
            if margin > 0:
                loss += margin
                dW[:, j] += X[i, :].T
                dW[:, y[i]] -= X[i, :].T

    loss /= num_train
    dW /= num_train

    loss += reg * np.sum(W * W)
    dW += 2 * reg * W
    return dW


SPEC = dict(wrt="W", shapes={"W": (4, 3), "X": (5, 4), "y": (5,)}, draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="u_svm_01")
CAUSE = "square-factor"
FIX = "Differentiate reg * sum(W * W) as 2 * reg * W: dW += 2 * reg * W."
