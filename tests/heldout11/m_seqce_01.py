"""Token-level cross-entropy of a sequence model's output layer, averaged over every token, numpy:
Z = H W + b (per time step), L = -1/(N T) sum_{n,t} log softmax(Z_nt)[Y_nt];
H (N, T, D), W (D, V), b (V,), Y (N, T) labels in 0..V-1 with N = 3, T = 4, D = 3, V = 5.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(H, W, b, Y):
    Z = H @ W + b
    return F.cross_entropy(Z.reshape(-1, W.shape[1]), Y.reshape(-1))


def grad(H, W, b, Y):
    N, T, _ = H.shape
    Z = H @ W + b
    Z = Z - Z.max(axis=-1, keepdims=True)
    P = np.exp(Z)
    P /= P.sum(axis=-1, keepdims=True)
    dZ = P.copy()
    n_idx, t_idx = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    dZ[n_idx, t_idx, Y] -= 1
    dZ /= N  # <- wrong
    dW = np.einsum("ntd,ntv->dv", H, dZ)
    db = dZ.sum(axis=(0, 1))
    return dW, db


def grad_fixed(H, W, b, Y):
    N, T, _ = H.shape
    Z = H @ W + b
    Z = Z - Z.max(axis=-1, keepdims=True)
    P = np.exp(Z)
    P /= P.sum(axis=-1, keepdims=True)
    dZ = P.copy()
    n_idx, t_idx = np.meshgrid(np.arange(N), np.arange(T), indexing="ij")
    dZ[n_idx, t_idx, Y] -= 1
    dZ /= N * T
    dW = np.einsum("ntd,ntv->dv", H, dZ)
    db = dZ.sum(axis=(0, 1))
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"H": ("N", "T", "D"), "W": ("D", "V"), "b": ("V",), "Y": ("N", "T")},
            draws={"Y": ("labels", "V")}, sizes={"N": 3, "T": 4, "D": 3, "V": 5})
case = derivation(loss, grad, **SPEC, name="m_seqce_01")
CAUSE = "wrong-divisor"
FIX = "The loss averages over all N * T tokens, so dZ is divided by N * T, not by N."
