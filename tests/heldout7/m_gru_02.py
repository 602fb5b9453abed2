"""A GRU (Cho et al.'s update h_t = (1 - z) h_{t-1} + z n) unrolled over T steps with a linear
read-out of the last state, numpy: z = sigma(x Wz + h Uz), r = sigma(x Wr + h Ur),
n = tanh(x Wn + (r * h) Un), pred = h_T v, L = 1/2 sum_n (pred_n - y_n)^2;
X (T, N, D), h0 (N, H), Wz/Wr/Wn (D, H), Uz/Ur/Un (H, H), v (H,), y (N,) with T = 3, N = 4, D = 2, H = 5.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, h0, Wz, Uz, Wr, Ur, Wn, Un, v, y):
    h = h0
    for t in range(X.shape[0]):
        z = torch.sigmoid(X[t] @ Wz + h @ Uz)
        r = torch.sigmoid(X[t] @ Wr + h @ Ur)
        n = torch.tanh(X[t] @ Wn + (r * h) @ Un)
        h = (1 - z) * h + z * n
    return 0.5 * ((h @ v - y) ** 2).sum()


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def grad(X, h0, Wz, Uz, Wr, Ur, Wn, Un, v, y):
    hs, cache = [h0], []
    for t in range(X.shape[0]):
        h = hs[-1]
        z = sigmoid(X[t] @ Wz + h @ Uz)
        r = sigmoid(X[t] @ Wr + h @ Ur)
        n = np.tanh(X[t] @ Wn + (r * h) @ Un)
        hs.append((1 - z) * h + z * n)
        cache.append((z, r, n))
    dpred = hs[-1] @ v - y
    dv = hs[-1].T @ dpred
    dh = np.outer(dpred, v)
    dWz, dUz, dWr = np.zeros_like(Wz), np.zeros_like(Uz), np.zeros_like(Wr)
    dUr, dWn, dUn = np.zeros_like(Ur), np.zeros_like(Wn), np.zeros_like(Un)
    for t in reversed(range(X.shape[0])):
        h = hs[t]
        z, r, n = cache[t]
        da_n = dh * z * (1 - n ** 2)
        da_z = dh * (n - h) * z * (1 - z)
        dWn += X[t].T @ da_n
        dUn += h.T @ da_n  # <- wrong
        drh = da_n @ Un.T
        da_r = drh * h * r * (1 - r)
        dWz += X[t].T @ da_z
        dUz += h.T @ da_z
        dWr += X[t].T @ da_r
        dUr += h.T @ da_r
        dh = dh * (1 - z) + drh * r + da_z @ Uz.T + da_r @ Ur.T
    return dWz, dUz, dWr, dUr, dWn, dUn, dv


def grad_fixed(X, h0, Wz, Uz, Wr, Ur, Wn, Un, v, y):
    hs, cache = [h0], []
    for t in range(X.shape[0]):
        h = hs[-1]
        z = sigmoid(X[t] @ Wz + h @ Uz)
        r = sigmoid(X[t] @ Wr + h @ Ur)
        n = np.tanh(X[t] @ Wn + (r * h) @ Un)
        hs.append((1 - z) * h + z * n)
        cache.append((z, r, n))
    dpred = hs[-1] @ v - y
    dv = hs[-1].T @ dpred
    dh = np.outer(dpred, v)
    dWz, dUz, dWr = np.zeros_like(Wz), np.zeros_like(Uz), np.zeros_like(Wr)
    dUr, dWn, dUn = np.zeros_like(Ur), np.zeros_like(Wn), np.zeros_like(Un)
    for t in reversed(range(X.shape[0])):
        h = hs[t]
        z, r, n = cache[t]
        da_n = dh * z * (1 - n ** 2)
        da_z = dh * (n - h) * z * (1 - z)
        dWn += X[t].T @ da_n
        dUn += (r * h).T @ da_n
        drh = da_n @ Un.T
        da_r = drh * h * r * (1 - r)
        dWz += X[t].T @ da_z
        dUz += h.T @ da_z
        dWr += X[t].T @ da_r
        dUr += h.T @ da_r
        dh = dh * (1 - z) + drh * r + da_z @ Uz.T + da_r @ Ur.T
    return dWz, dUz, dWr, dUr, dWn, dUn, dv


SPEC = dict(wrt=("Wz", "Uz", "Wr", "Ur", "Wn", "Un", "v"),
            shapes={"X": ("T", "N", "D"), "h0": ("N", "H"), "Wz": ("D", "H"), "Uz": ("H", "H"),
                    "Wr": ("D", "H"), "Ur": ("H", "H"), "Wn": ("D", "H"), "Un": ("H", "H"),
                    "v": ("H",), "y": ("N",)},
            draws={}, sizes={"T": 3, "N": 4, "D": 2, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_gru_02")
CAUSE = "wrong-operand"
FIX = "Un multiplies the reset-gated state r * h, so dUn accumulates (r * h)^T da_n, not h^T da_n."
