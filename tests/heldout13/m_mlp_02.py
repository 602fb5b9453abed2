"""A two-hidden-layer sigmoid network with a softmax output and one-hot targets, torch:
h1 = sigma(x W1), h2 = sigma(h1 W2), s = h2 W3, L = -1/N sum_n t_n . log softmax(s_n);
x (N, D), W1 (D, H), W2 (H, H), W3 (H, K), t (N, K) with N = 3, D = 2, H = 4, K = 3.
"""

import torch

from verify import derivation


def loss(x, W1, W2, W3, t):
    s = torch.sigmoid(torch.sigmoid(x @ W1) @ W2) @ W3
    return -(t * torch.log_softmax(s, dim=1)).sum() / x.shape[0]


def grad(x, W1, W2, W3, t):
    N = x.shape[0]
    h1 = torch.sigmoid(x @ W1)
    h2 = torch.sigmoid(h1 @ W2)
    p = torch.softmax(h2 @ W3, dim=1)
    ds = (p - t) / N
    dW3 = h2.T @ ds
    dh2 = ds @ W3.T
    dz2 = dh2 * h2 * (1 - h2)
    dW2 = h1.T @ dz2
    dh1 = dz2 @ W2.T
    dz1 = dh1 * h2 * (1 - h2)  # <- wrong
    dW1 = x.T @ dz1
    return dW1, dW2, dW3


def grad_fixed(x, W1, W2, W3, t):
    N = x.shape[0]
    h1 = torch.sigmoid(x @ W1)
    h2 = torch.sigmoid(h1 @ W2)
    p = torch.softmax(h2 @ W3, dim=1)
    ds = (p - t) / N
    dW3 = h2.T @ ds
    dh2 = ds @ W3.T
    dz2 = dh2 * h2 * (1 - h2)
    dW2 = h1.T @ dz2
    dh1 = dz2 @ W2.T
    dz1 = dh1 * h1 * (1 - h1)
    dW1 = x.T @ dz1
    return dW1, dW2, dW3


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "H"), "W3": ("H", "K"),
                    "t": ("N", "K")},
            draws={"t": "onehot"}, sizes={"N": 3, "D": 2, "H": 4, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_mlp_02")
CAUSE = "wrong-layer"
FIX = "The first hidden layer's delta uses its own derivative h1 (1 - h1)."
