"""A bias-free linear classifier in numpy, softmax cross-entropy with integer labels.

x (N, D), W (D, C), t (N,) labels, scores = x W, L = mean over n of -log softmax(scores)_n,t_n.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, W, t):
    return F.cross_entropy(x @ W, t)


def grad(x, W, t):
    N = x.shape[0]
    scores = x.dot(W)
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(N), t] -= 1
    dscores /= N
    dW = x.dot(dscores)  # <- wrong
    return dW


def grad_fixed(x, W, t):
    N = x.shape[0]
    scores = x.dot(W)
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(N), t] -= 1
    dscores /= N
    dW = x.T.dot(dscores)
    return dW


SPEC = dict(wrt="W", shapes={"x": (3, 3), "W": (3, 3), "t": (3,)}, draws={"t": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="l_softmax_06")
CAUSE = "transpose"
FIX = "Use x.T.dot(dscores) instead of x.dot(dscores)."
