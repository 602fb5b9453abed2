"""Three-layer ReLU network with a softmax cross-entropy output, torch, manual backward.

h1 = relu(x W1), h2 = relu(h1 W2), scores = h2 W3, L = mean cross-entropy;
x (4, 3), W1 (3, 5), W2 (5, 5), W3 (5, 3), y (4,) labels in 0..2.  Gradients wrt W1, W2, W3.
Mistake: dW2 is built from h2, the output of layer 2, instead of its input h1 (both are
4 x 5, so nothing crashes).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(W1, W2, W3, x, y):
    return F.cross_entropy(torch.relu(torch.relu(x @ W1) @ W2) @ W3, y)


def grad(W1, W2, W3, x, y):
    N = x.shape[0]
    h1 = torch.relu(x @ W1)
    h2 = torch.relu(h1 @ W2)
    scores = h2 @ W3
    p = torch.softmax(scores, dim=1)
    d3 = (p - F.one_hot(y, scores.shape[1]).to(p.dtype)) / N
    dW3 = h2.T @ d3
    d2 = (d3 @ W3.T) * (h2 > 0)
    dW2 = h2.T @ d2  # <- wrong
    d1 = (d2 @ W2.T) * (h1 > 0)
    dW1 = x.T @ d1
    return dW1, dW2, dW3


def grad_fixed(W1, W2, W3, x, y):
    N = x.shape[0]
    h1 = torch.relu(x @ W1)
    h2 = torch.relu(h1 @ W2)
    scores = h2 @ W3
    p = torch.softmax(scores, dim=1)
    d3 = (p - F.one_hot(y, scores.shape[1]).to(p.dtype)) / N
    dW3 = h2.T @ d3
    d2 = (d3 @ W3.T) * (h2 > 0)
    dW2 = h1.T @ d2
    d1 = (d2 @ W2.T) * (h1 > 0)
    dW1 = x.T @ d1
    return dW1, dW2, dW3


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"W1": (3, 5), "W2": (5, 5), "W3": (5, 3), "x": (4, 3), "y": (4,)},
            draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="t_mlp3_26")
CAUSE = "wrong-layer"
FIX = "Layer 2 computes h1 W2, so dW2 = h1^T d2: its input, not its output."
