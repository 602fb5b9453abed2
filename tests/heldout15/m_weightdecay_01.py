"""A tanh MLP classifier with weight decay on both layers, torch:
h = tanh(X W1), Z = h W2, L = mean CE(Z, Y) + lam/2 (||W1||^2 + ||W2||^2), lam = 0.1;
X (6, 4), W1 (4, 5), W2 (5, 3), Y (6, 3) one-hot.
"""

import torch
import torch.nn.functional as F

from verify import derivation

LAM = 0.1


def loss(X, W1, W2, Y):
    Z = torch.tanh(X @ W1) @ W2
    ce = -(Y * F.log_softmax(Z, dim=1)).sum(1).mean()
    return ce + 0.5 * LAM * ((W1 ** 2).sum() + (W2 ** 2).sum())


def grad(X, W1, W2, Y):
    N = X.shape[0]
    h = torch.tanh(X @ W1)
    Z = h @ W2
    P = torch.softmax(Z, dim=1)
    dZ = (P - Y) / N
    dW2 = h.T @ dZ + LAM * W2
    dh = dZ @ W2.T
    dA = dh * (1 - h ** 2)
    dW1 = X.T @ dA  # <- wrong
    return dW1, dW2


def grad_fixed(X, W1, W2, Y):
    N = X.shape[0]
    h = torch.tanh(X @ W1)
    Z = h @ W2
    P = torch.softmax(Z, dim=1)
    dZ = (P - Y) / N
    dW2 = h.T @ dZ + LAM * W2
    dh = dZ @ W2.T
    dA = dh * (1 - h ** 2)
    dW1 = X.T @ dA + LAM * W1
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"X": (6, 4), "W1": (4, 5), "W2": (5, 3), "Y": (6, 3)},
            draws={"Y": "onehot"})
case = derivation(loss, grad, **SPEC, name="m_weightdecay_01")
CAUSE = "missing-term"
FIX = "W1 is decayed too, so dW1 = X^T dA + lam W1."
