"""A ReLU hidden layer with inverted dropout (p = 0.3, mask from uniform draws u), torch:
h = relu(x W1), m = (u > p), hd = h * m / (1 - p), o = hd W2, L = 1/(2N) ||o - y||^2;
x (N, D), W1 (D, H), u (N, H), W2 (H, K), y (N, K); N = 6, D = 3, H = 7, K = 2.
"""

import torch

from verify import derivation

P = 0.3


def loss(x, W1, u, W2, y):
    h = torch.relu(x @ W1)
    hd = h * (u > P).to(h.dtype) / (1 - P)
    return ((hd @ W2 - y) ** 2).sum() / (2 * x.shape[0])


def grad(x, W1, u, W2, y):
    N = x.shape[0]
    z = x @ W1
    h = torch.relu(z)
    m = (u > P).to(h.dtype)
    hd = h * m / (1 - P)
    do = (hd @ W2 - y) / N
    dW2 = hd.T @ do
    dhd = do @ W2.T
    dh = dhd / (1 - P)  # <- wrong
    dz = dh * (z > 0).to(h.dtype)
    dW1 = x.T @ dz
    return dW1, dW2


def grad_fixed(x, W1, u, W2, y):
    N = x.shape[0]
    z = x @ W1
    h = torch.relu(z)
    m = (u > P).to(h.dtype)
    hd = h * m / (1 - P)
    do = (hd @ W2 - y) / N
    dW2 = hd.T @ do
    dhd = do @ W2.T
    dh = dhd * m / (1 - P)
    dz = dh * (z > 0).to(h.dtype)
    dW1 = x.T @ dz
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "u": ("N", "H"), "W2": ("H", "K"), "y": ("N", "K")},
            sizes={"N": 6, "D": 3, "H": 7, "K": 2}, draws={"u": ("uniform", 0.0, 1.0)})
case = derivation(loss, grad, **SPEC, name="n_dropout_32")
CAUSE = "mask"
FIX = "Units dropped in the forward pass get no gradient, so dh = dhd * m / (1 - P)."
