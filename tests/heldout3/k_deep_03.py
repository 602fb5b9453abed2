"""Three-layer ReLU MLP in torch (no autograd) with mean softmax cross-entropy:
a1 = relu(x W1), a2 = relu(a1 W2), s = a2 W3, L = mean CE(s, y);
x (6, 3), W1 (3, 4), W2 (4, 4), W3 (4, 3), integer labels y (6,) in 0..2.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W1, W2, W3, y):
    return F.cross_entropy(torch.relu(torch.relu(x @ W1) @ W2) @ W3, y)


def grad(x, W1, W2, W3, y):
    N = x.shape[0]
    a1 = torch.relu(x @ W1)
    a2 = torch.relu(a1 @ W2)
    s = a2 @ W3
    p = torch.softmax(s, dim=1)
    Y = (y[:, None] == torch.arange(s.shape[1])).to(p.dtype)
    ds = (p - Y) / N
    dW3 = a2.T @ ds
    da2 = ds @ W3.T
    dz2 = da2 * (a2 > 0)
    dW2 = a2.T @ dz2  # <- wrong
    da1 = dz2 @ W2.T
    dz1 = da1 * (a1 > 0)
    dW1 = x.T @ dz1
    return dW1, dW2, dW3


def grad_fixed(x, W1, W2, W3, y):
    N = x.shape[0]
    a1 = torch.relu(x @ W1)
    a2 = torch.relu(a1 @ W2)
    s = a2 @ W3
    p = torch.softmax(s, dim=1)
    Y = (y[:, None] == torch.arange(s.shape[1])).to(p.dtype)
    ds = (p - Y) / N
    dW3 = a2.T @ ds
    da2 = ds @ W3.T
    dz2 = da2 * (a2 > 0)
    dW2 = a1.T @ dz2
    da1 = dz2 @ W2.T
    dz1 = da1 * (a1 > 0)
    dW1 = x.T @ dz1
    return dW1, dW2, dW3


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": (6, 3), "W1": (3, 4), "W2": (4, 4), "W3": (4, 3), "y": (6,)},
            draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="k_deep_03")
CAUSE = "wrong-layer"
FIX = "Layer 2's weight gradient takes layer 2's input a1, not its output a2: dW2 = a1.T @ dz2."
