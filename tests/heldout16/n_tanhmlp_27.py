"""A three-layer tanh MLP with a linear output, torch tensor math:
h1 = tanh(x W1), h2 = tanh(h1 W2), o = h2 W3, L = 1/(2N) ||o - y||^2;
x (N, D), W1 (D, H), W2 (H, H), W3 (H, K), y (N, K); N = 6, D = 3, H = 5, K = 2.
"""

import torch

from verify import derivation


def loss(x, W1, W2, W3, y):
    o = torch.tanh(torch.tanh(x @ W1) @ W2) @ W3
    return ((o - y) ** 2).sum() / (2 * x.shape[0])


def grad(x, W1, W2, W3, y):
    N = x.shape[0]
    h1 = torch.tanh(x @ W1)
    h2 = torch.tanh(h1 @ W2)
    o = h2 @ W3
    do = (o - y) / N
    dW3 = h1.T @ do  # <- wrong
    dz2 = (do @ W3.T) * (1 - h2 ** 2)
    dW2 = h1.T @ dz2
    dz1 = (dz2 @ W2.T) * (1 - h1 ** 2)
    dW1 = x.T @ dz1
    return dW1, dW2, dW3


def grad_fixed(x, W1, W2, W3, y):
    N = x.shape[0]
    h1 = torch.tanh(x @ W1)
    h2 = torch.tanh(h1 @ W2)
    o = h2 @ W3
    do = (o - y) / N
    dW3 = h2.T @ do
    dz2 = (do @ W3.T) * (1 - h2 ** 2)
    dW2 = h1.T @ dz2
    dz1 = (dz2 @ W2.T) * (1 - h1 ** 2)
    dW1 = x.T @ dz1
    return dW1, dW2, dW3


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "H"), "W3": ("H", "K"), "y": ("N", "K")},
            sizes={"N": 6, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="n_tanhmlp_27")
CAUSE = "wrong-layer"
FIX = "W3 is applied to the second hidden layer, so dW3 = h2.T @ do."
