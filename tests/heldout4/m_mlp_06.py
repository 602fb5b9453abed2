"""A three-layer ReLU network whose layers are all as wide as the input, torch:
h1 = relu(x W1), h2 = relu(h1 W2), y = h2 W3, E = 1/2 sum (y - t)^2; x (N, H), W1, W2, W3
(H, H), t (N, H), N = 3, H = 4. Gradients of W1, W2, W3.
"""

import torch

from verify import derivation


def loss(x, W1, W2, W3, t):
    h1 = torch.relu(x @ W1)
    h2 = torch.relu(h1 @ W2)
    return 0.5 * ((h2 @ W3 - t) ** 2).sum()


def grad(x, W1, W2, W3, t):
    z1 = x @ W1
    h1 = torch.relu(z1)
    z2 = h1 @ W2
    h2 = torch.relu(z2)
    dy = h2 @ W3 - t
    dW3 = h2.T @ dy
    dz2 = (dy @ W3.T) * (z2 > 0)
    dW2 = h1.T @ dz2
    dz1 = (dz2 @ W3.T) * (z1 > 0)  # <- wrong
    dW1 = x.T @ dz1
    return dW1, dW2, dW3


def grad_fixed(x, W1, W2, W3, t):
    z1 = x @ W1
    h1 = torch.relu(z1)
    z2 = h1 @ W2
    h2 = torch.relu(z2)
    dy = h2 @ W3 - t
    dW3 = h2.T @ dy
    dz2 = (dy @ W3.T) * (z2 > 0)
    dW2 = h1.T @ dz2
    dz1 = (dz2 @ W2.T) * (z1 > 0)
    dW1 = x.T @ dz1
    return dW1, dW2, dW3


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": ("N", "H"), "W1": ("H", "H"), "W2": ("H", "H"), "W3": ("H", "H"),
                    "t": ("N", "H")},
            sizes={"N": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="m_mlp_06")
CAUSE = "wrong-layer"
FIX = "dz1 comes back through the second layer's weights: dz1 = (dz2 W2^T) * relu'(z1)."
