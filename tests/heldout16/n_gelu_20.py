"""A GELU MLP classifier with cross-entropy on one-hot targets, torch:
Z1 = X W1, H = gelu(Z1) (exact, erf form), S = H W2, L = -1/N sum_n Y_n . log_softmax(S_n);
X (N, D), W1 (D, H), W2 (H, C), Y (N, C) one-hot; N = 5, D = 3, H = 6, C = 4.
"""

import math

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W1, W2, Y):
    S = F.gelu(X @ W1) @ W2
    return -(Y * F.log_softmax(S, dim=1)).sum() / X.shape[0]


def grad(X, W1, W2, Y):
    N = X.shape[0]
    Z1 = X @ W1
    cdf = 0.5 * (1 + torch.erf(Z1 / math.sqrt(2)))
    pdf = torch.exp(-0.5 * Z1 ** 2) / math.sqrt(2 * math.pi)
    H = Z1 * cdf
    P = torch.softmax(H @ W2, dim=1)
    dS = (P - Y) / N
    dW2 = H.T @ dS
    dH = dS @ W2.T
    dZ1 = dH  # <- wrong
    dW1 = X.T @ dZ1
    return dW1, dW2


def grad_fixed(X, W1, W2, Y):
    N = X.shape[0]
    Z1 = X @ W1
    cdf = 0.5 * (1 + torch.erf(Z1 / math.sqrt(2)))
    pdf = torch.exp(-0.5 * Z1 ** 2) / math.sqrt(2 * math.pi)
    H = Z1 * cdf
    P = torch.softmax(H @ W2, dim=1)
    dS = (P - Y) / N
    dW2 = H.T @ dS
    dH = dS @ W2.T
    dZ1 = dH * (cdf + Z1 * pdf)
    dW1 = X.T @ dZ1
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"X": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "C"), "Y": ("N", "C")},
            sizes={"N": 5, "D": 3, "H": 6, "C": 4}, draws={"Y": "onehot"})
case = derivation(loss, grad, **SPEC, name="n_gelu_20")
CAUSE = "activation-derivative-missing"
FIX = "The hidden pre-activation goes through GELU, so dZ1 = dH * (Phi(Z1) + Z1 phi(Z1))."
