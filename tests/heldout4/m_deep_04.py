"""A three-layer tanh network with a linear output, torch: h1 = tanh(x W1),
h2 = tanh(h1 W2), y = h2 W3, E = 1/2 sum (y - t)^2; x (N, D), W1 (D, H1), W2 (H1, H2),
W3 (H2, K), t (N, K), N = 4, D = 3, H1 = 6, H2 = 5, K = 2. Gradients of W1, W2, W3.
"""

import torch

from verify import derivation


def loss(x, W1, W2, W3, t):
    h2 = torch.tanh(torch.tanh(x @ W1) @ W2)
    return 0.5 * ((h2 @ W3 - t) ** 2).sum()


def grad(x, W1, W2, W3, t):
    h1 = torch.tanh(x @ W1)
    h2 = torch.tanh(h1 @ W2)
    dy = h2 @ W3 - t
    dW3 = h2.T @ dy
    dh2 = dy @ W3.T
    dz2 = dh2 * (h2 ** 2 - 1)  # <- wrong
    dW2 = h1.T @ dz2
    dz1 = (dz2 @ W2.T) * (1 - h1 ** 2)
    dW1 = x.T @ dz1
    return dW1, dW2, dW3


def grad_fixed(x, W1, W2, W3, t):
    h1 = torch.tanh(x @ W1)
    h2 = torch.tanh(h1 @ W2)
    dy = h2 @ W3 - t
    dW3 = h2.T @ dy
    dh2 = dy @ W3.T
    dz2 = dh2 * (1 - h2 ** 2)
    dW2 = h1.T @ dz2
    dz1 = (dz2 @ W2.T) * (1 - h1 ** 2)
    dW1 = x.T @ dz1
    return dW1, dW2, dW3


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": ("N", "D"), "W1": ("D", "H1"), "W2": ("H1", "H2"), "W3": ("H2", "K"),
                    "t": ("N", "K")},
            sizes={"N": 4, "D": 3, "H1": 6, "H2": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_deep_04")
CAUSE = "sign"
FIX = "tanh'(z) = 1 - tanh(z)^2, so dz2 = dh2 * (1 - h2 ** 2); h2 ** 2 - 1 flips its sign."
