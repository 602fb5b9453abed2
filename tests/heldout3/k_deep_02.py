"""A four-layer sigmoid MLP in torch, backward written out by hand (no autograd):
h1 = sigma(x W1), h2 = sigma(h1 W2), h3 = sigma(h2 W3), s = h3 W4, L = sum(dout * s);
x (3, 5), W1 (5, 4), W2 (4, 4), W3 (4, 3), W4 (3, 2), dout (3, 2).
"""

import torch

from verify import derivation


def loss(x, W1, W2, W3, W4, dout):
    h = torch.sigmoid(torch.sigmoid(torch.sigmoid(x @ W1) @ W2) @ W3)
    return (dout * (h @ W4)).sum()


def grad(x, W1, W2, W3, W4, dout):
    h1 = torch.sigmoid(x @ W1)
    h2 = torch.sigmoid(h1 @ W2)
    h3 = torch.sigmoid(h2 @ W3)
    dW4 = h3.T @ dout
    dz3 = (dout @ W4.T) * h3 * (1 - h3)
    dW3 = h2.T @ dz3
    dz2 = dz3 @ W3.T  # <- wrong
    dW2 = h1.T @ dz2
    dz1 = (dz2 @ W2.T) * h1 * (1 - h1)
    dW1 = x.T @ dz1
    return dW1, dW2, dW3, dW4


def grad_fixed(x, W1, W2, W3, W4, dout):
    h1 = torch.sigmoid(x @ W1)
    h2 = torch.sigmoid(h1 @ W2)
    h3 = torch.sigmoid(h2 @ W3)
    dW4 = h3.T @ dout
    dz3 = (dout @ W4.T) * h3 * (1 - h3)
    dW3 = h2.T @ dz3
    dz2 = (dz3 @ W3.T) * h2 * (1 - h2)
    dW2 = h1.T @ dz2
    dz1 = (dz2 @ W2.T) * h1 * (1 - h1)
    dW1 = x.T @ dz1
    return dW1, dW2, dW3, dW4


SPEC = dict(wrt=("W1", "W2", "W3", "W4"),
            shapes={"x": (3, 5), "W1": (5, 4), "W2": (4, 4), "W3": (4, 3), "W4": (3, 2),
                    "dout": (3, 2)})
case = derivation(loss, grad, **SPEC, name="k_deep_02")
CAUSE = "activation-derivative-missing"
FIX = "The second hidden layer is a sigmoid too: dz2 = (dz3 @ W3.T) * h2 * (1 - h2)."
