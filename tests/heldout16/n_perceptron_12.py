"""Multi-output sigmoid perceptron, squared error summed over outputs and averaged over the batch, numpy:
O = sigmoid(X W), L = 1/N sum_n sum_k 1/2 (O_nk - T_nk)^2;
X (N, D), W (D, K), T (N, K); N = 6, D = 4, K = 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W, T):
    O = torch.sigmoid(X @ W)
    return (0.5 * (O - T) ** 2).sum(dim=1).mean()


def grad(X, W, T):
    O = 1 / (1 + np.exp(-X @ W))
    dO = (O - T) / T.shape[1]  # <- wrong
    delta = dO * O * (1 - O)
    return X.T @ delta


def grad_fixed(X, W, T):
    O = 1 / (1 + np.exp(-X @ W))
    dO = (O - T) / T.shape[0]
    delta = dO * O * (1 - O)
    return X.T @ delta


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "W": ("D", "K"), "T": ("N", "K")},
            sizes={"N": 6, "D": 4, "K": 3}, draws={"T": "uniform"})
case = derivation(loss, grad, **SPEC, name="n_perceptron_12")
CAUSE = "wrong-divisor"
FIX = "The mean is over the N examples (axis 0), not the K outputs, so dO = (O - T) / T.shape[0]."
