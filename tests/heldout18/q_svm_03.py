"""jingtinghuang/CS231n-Spring-2017, assignment1/cs231n/classifiers/linear_svm.py,
svm_loss_vectorized; issue #3 (https://github.com/jingtinghuang/CS231n-Spring-2017/issues/3):
"Missing factor of 2 in gradient of L2 regularization ... this line should be dW += 2*reg*W".
The loss adds reg * np.sum(W * W). X (6, 4), W (4, 3), y labels in 0..2, reg = 0.1.
"""

import numpy as np
import torch

from verify import derivation


def loss(W, X, y, reg):
    scores = X @ W
    correct = scores.gather(1, y.long()[:, None])
    margin = torch.clamp(scores - correct + 1, min=0)
    margin = margin * (1 - torch.nn.functional.one_hot(y.long(), W.shape[1]).to(W.dtype))
    return margin.sum() / X.shape[0] + reg * torch.sum(W * W)


def grad(W, X, y, reg):
    num_classes = W.shape[1]
    num_train = X.shape[0]
    y = y.astype(int)
    scores = X.dot(W)
    right_class = scores[range(num_train), y]
    right_class = np.array([right_class, ] * num_classes)
    margin = np.maximum(0, scores - right_class.T + 1)
    margin[range(num_train), y] = 0
    nonzero = margin.copy()
    nonzero[nonzero != 0] = 1
    nonzero[range(num_train), y] = -(np.sum(nonzero, axis=1))
    dW = (X.T).dot(nonzero)
    dW /= num_train
    dW += reg*W  # <- wrong
    return dW


def grad_fixed(W, X, y, reg):
    num_classes = W.shape[1]
    num_train = X.shape[0]
    y = y.astype(int)
    scores = X.dot(W)
    right_class = scores[range(num_train), y]
    right_class = np.array([right_class, ] * num_classes)
    margin = np.maximum(0, scores - right_class.T + 1)
    margin[range(num_train), y] = 0
    nonzero = margin.copy()
    nonzero[nonzero != 0] = 1
    nonzero[range(num_train), y] = -(np.sum(nonzero, axis=1))
    dW = (X.T).dot(nonzero)
    dW /= num_train
    dW += 2*reg*W
    return dW


SPEC = dict(wrt="W", shapes={"W": (4, 3), "X": (6, 4), "y": (6,), "reg": ()},
            draws={"y": ("labels", 3), "reg": ("fixed", 0.1)})
case = derivation(loss, grad, **SPEC, name="q_svm_03")
CAUSE = "square-factor"
FIX = "The loss adds reg * sum(W*W), whose gradient is 2*reg*W: dW += 2*reg*W."
