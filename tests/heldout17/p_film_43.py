"""FiLM-modulated ReLU features, numpy: h = relu(x W), y = gamma * h + beta per feature, L = sum(G * y);
x (N, D), W (D, M), gamma (M,), beta (M,), G (N, M); N = 5, D = 3, M = 4.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W, gamma, beta, G):
    return (G * (gamma * torch.relu(x @ W) + beta)).sum()


def grad(x, W, gamma, beta, G):
    z = x @ W
    h = np.maximum(z, 0.0)
    dgamma = np.sum(G * h, axis=0)
    dbeta = np.sum(G, axis=0)
    dz = G * gamma * (z > 0)
    dW = x.T @ dz
    return dbeta, dgamma, dW  # <- wrong


def grad_fixed(x, W, gamma, beta, G):
    z = x @ W
    h = np.maximum(z, 0.0)
    dgamma = np.sum(G * h, axis=0)
    dbeta = np.sum(G, axis=0)
    dz = G * gamma * (z > 0)
    dW = x.T @ dz
    return dgamma, dbeta, dW


SPEC = dict(wrt=("gamma", "beta", "W"),
            shapes={"x": ("N", "D"), "W": ("D", "M"), "gamma": ("M",), "beta": ("M",), "G": ("N", "M")},
            sizes={"N": 5, "D": 3, "M": 4})
case = derivation(loss, grad, **SPEC, name="p_film_43")
CAUSE = "return-order"
FIX = "wrt is (gamma, beta, W), so return dgamma, dbeta, dW in that order."
