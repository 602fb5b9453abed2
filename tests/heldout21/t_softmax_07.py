"""Softmax classifier (CS231n style, vectorised numpy) with the mean cross-entropy loss.

scores = X W + b, L = mean_i -log softmax(scores_i)[y_i]; X (3, 4), W (4, 5), b (5,),
y (3,) class labels in 0..4.  Gradients with respect to W and b.
Mistake: dW is X^T dscores without the 1/num_train of the batch mean (db has it).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(W, b, X, y):
    return F.cross_entropy(X @ W + b, y)


def grad(W, b, X, y):
    num_train = X.shape[0]
    scores = X.dot(W) + b
    scores -= np.max(scores, axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= np.sum(probs, axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(num_train), y] -= 1
    dW = X.T.dot(dscores)  # <- wrong
    db = np.sum(dscores, axis=0) / num_train
    return dW, db


def grad_fixed(W, b, X, y):
    num_train = X.shape[0]
    scores = X.dot(W) + b
    scores -= np.max(scores, axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= np.sum(probs, axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(num_train), y] -= 1
    dW = X.T.dot(dscores) / num_train
    db = np.sum(dscores, axis=0) / num_train
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"W": (4, 5), "b": (5,), "X": (3, 4), "y": (3,)},
            draws={"y": ("labels", 5)})
case = derivation(loss, grad, **SPEC, name="t_softmax_07")
CAUSE = "batch-mean"
FIX = "The loss is a mean over the batch, so dW = X^T dscores / num_train like db."
