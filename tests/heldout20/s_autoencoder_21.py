"""Top hidden-layer delta of the stacked autoencoder fine-tuning cost in danluu/UFLDL-tutorial (stackedAECost.m).

Source: https://github.com/danluu/UFLDL-tutorial/pull/2 ("fix a bug"): the delta of the top hidden
layer used a{n + 1} .* (1 - a{n}), the sigmoid output of that layer times one minus the output of
the layer *below*, where the sigmoid derivative is a{n + 1} .* (1 - a{n + 1}). It ran only because
hiddenSizeL1 happened to equal hiddenSizeL2 (checkStackedAECost fails otherwise). Translated from
MATLAB (column samples) to numpy with row samples; both hidden layers have 4 units.
Loss: softmax cross-entropy summed over 5 samples, on top of two sigmoid layers;
data (5, 6), W1 (6, 4), W2 (4, 4), Wc (4, 3), labels (5, 3) one-hot.
"""

import numpy as np
import torch

from verify import derivation


def loss(W1, W2, Wc, data, labels):
    a2 = torch.sigmoid(data @ W1)
    a3 = torch.sigmoid(a2 @ W2)
    return -(labels * torch.log_softmax(a3 @ Wc, dim=1)).sum()


def sigm(z):
    return 1.0 / (1.0 + np.exp(-z))


def grad(W1, W2, Wc, data, labels):
    a = [data]
    a.append(sigm(a[0] @ W1))
    a.append(sigm(a[1] @ W2))
    scores = a[2] @ Wc
    prob = np.exp(scores - scores.max(axis=1, keepdims=True))
    prob = prob / prob.sum(axis=1, keepdims=True)
    dscores = prob - labels
    n = 2
    delta = [None] * (n + 1)
    delta[n] = (dscores @ Wc.T) * a[n] * (1 - a[n - 1])  # <- wrong
    delta[n - 1] = (delta[n] @ W2.T) * a[n - 1] * (1 - a[n - 1])
    return a[0].T @ delta[1], a[1].T @ delta[2], a[2].T @ dscores


def grad_fixed(W1, W2, Wc, data, labels):
    a = [data]
    a.append(sigm(a[0] @ W1))
    a.append(sigm(a[1] @ W2))
    scores = a[2] @ Wc
    prob = np.exp(scores - scores.max(axis=1, keepdims=True))
    prob = prob / prob.sum(axis=1, keepdims=True)
    dscores = prob - labels
    n = 2
    delta = [None] * (n + 1)
    delta[n] = (dscores @ Wc.T) * a[n] * (1 - a[n])
    delta[n - 1] = (delta[n] @ W2.T) * a[n - 1] * (1 - a[n - 1])
    return a[0].T @ delta[1], a[1].T @ delta[2], a[2].T @ dscores


SPEC = dict(
    wrt=("W1", "W2", "Wc"),
    shapes={"W1": (6, 4), "W2": (4, 4), "Wc": (4, 3), "data": (5, 6), "labels": (5, 3)},
    draws={"labels": "onehot"},
)
case = derivation(loss, grad, **SPEC, name="s_autoencoder_21")
CAUSE = "wrong-layer"
FIX = "The sigmoid derivative of the top hidden layer is a{n+1} .* (1 - a{n+1}), both factors from that layer."
