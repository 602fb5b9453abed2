"""Two tanh hidden layers and a logistic output unit, torch, every step written out.

a1 = tanh(x W1), a2 = tanh(a1 W2), logit = a2 w3, L = mean BCE-with-logits(logit, y);
x (2, 3), W1 (3, 4), W2 (4, 4), w3 (4, 1), y (2, 1) soft targets.  Gradients wrt W1, W2, w3.
Mistake: the first layer's delta uses 1 - a2^2 (the second layer's tanh) where 1 - a1^2 belongs.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(W1, W2, w3, x, y):
    return F.binary_cross_entropy_with_logits(torch.tanh(torch.tanh(x @ W1) @ W2) @ w3, y)


def grad(W1, W2, w3, x, y):
    batch = x.shape[0]
    a1 = torch.tanh(x @ W1)
    a2 = torch.tanh(a1 @ W2)
    logit = a2 @ w3
    d3 = (torch.sigmoid(logit) - y) / batch
    dw3 = a2.T @ d3
    dz2 = (d3 @ w3.T) * (1 - a2 ** 2)
    dW2 = a1.T @ dz2
    dz1 = (dz2 @ W2.T) * (1 - a2 ** 2)  # <- wrong
    dW1 = x.T @ dz1
    return dW1, dW2, dw3


def grad_fixed(W1, W2, w3, x, y):
    batch = x.shape[0]
    a1 = torch.tanh(x @ W1)
    a2 = torch.tanh(a1 @ W2)
    logit = a2 @ w3
    d3 = (torch.sigmoid(logit) - y) / batch
    dw3 = a2.T @ d3
    dz2 = (d3 @ w3.T) * (1 - a2 ** 2)
    dW2 = a1.T @ dz2
    dz1 = (dz2 @ W2.T) * (1 - a1 ** 2)
    dW1 = x.T @ dz1
    return dW1, dW2, dw3


SPEC = dict(wrt=("W1", "W2", "w3"),
            shapes={"W1": (3, 4), "W2": (4, 4), "w3": (4, 1), "x": (2, 3), "y": (2, 1)},
            draws={"y": "uniform"})
case = derivation(loss, grad, **SPEC, name="t_tanh_27")
CAUSE = "wrong-layer"
FIX = "The first hidden layer's delta multiplies by its own tanh derivative 1 - a1^2."
