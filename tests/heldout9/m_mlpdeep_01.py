"""A three-layer tanh network with a softmax output, matrix-form delta recursion, torch:
a1 = tanh(X W1 + b1), a2 = tanh(a1 W2 + b2), scores = a2 W3 + b3, L = mean cross-entropy;
X (N, D), W1 (D, H), W2 (H, H), W3 (H, C), Y (N, C) with N = 6, D = 4, H = 5, C = 3.
"""

import torch

from verify import derivation


def loss(X, Y, W1, b1, W2, b2, W3, b3):
    a1 = torch.tanh(X @ W1 + b1)
    a2 = torch.tanh(a1 @ W2 + b2)
    return -(Y * torch.log_softmax(a2 @ W3 + b3, dim=1)).sum(1).mean()


def grad(X, Y, W1, b1, W2, b2, W3, b3):
    N = X.shape[0]
    a1 = torch.tanh(X @ W1 + b1)
    a2 = torch.tanh(a1 @ W2 + b2)
    probs = torch.softmax(a2 @ W3 + b3, dim=1)
    delta3 = (probs - Y) / N
    dW3 = a2.T @ delta3
    db3 = delta3.sum(0)
    delta2 = (delta3 @ W3.T) * (1 - a2 ** 2)
    dW2 = a1.T @ delta2
    db2 = delta2.sum(0)
    delta1 = (delta2 @ W2) * (1 - a1 ** 2)  # <- wrong
    dW1 = X.T @ delta1
    db1 = delta1.sum(0)
    return dW1, db1, dW2, db2, dW3, db3


def grad_fixed(X, Y, W1, b1, W2, b2, W3, b3):
    N = X.shape[0]
    a1 = torch.tanh(X @ W1 + b1)
    a2 = torch.tanh(a1 @ W2 + b2)
    probs = torch.softmax(a2 @ W3 + b3, dim=1)
    delta3 = (probs - Y) / N
    dW3 = a2.T @ delta3
    db3 = delta3.sum(0)
    delta2 = (delta3 @ W3.T) * (1 - a2 ** 2)
    dW2 = a1.T @ delta2
    db2 = delta2.sum(0)
    delta1 = (delta2 @ W2.T) * (1 - a1 ** 2)
    dW1 = X.T @ delta1
    db1 = delta1.sum(0)
    return dW1, db1, dW2, db2, dW3, db3


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
            shapes={"X": ("N", "D"), "Y": ("N", "C"), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "H"), "b2": ("H",), "W3": ("H", "C"), "b3": ("C",)},
            draws={"Y": "onehot"}, sizes={"N": 6, "D": 4, "H": 5, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_mlpdeep_01")
CAUSE = "transpose"
FIX = "With W2 stored as (in, out), delta is carried back through W2.T: delta1 = (delta2 @ W2.T) * (1 - a1^2)."
