"""One GRU step (PyTorch's gate convention), fed an upstream gradient, torch:
r = sigmoid(x Wr + h Ur), z = sigmoid(x Wz + h Uz), n = tanh(x Wn + r * (h Un)),
h' = (1 - z) n + z h, L = sum(G * h'); x (N, D), h (N, H), W* (D, H), U* (H, H), N = 4, D = 3, H = 5.
"""

import torch

from verify import derivation


def loss(x, h, G, Wr, Ur, Wz, Uz, Wn, Un):
    r = torch.sigmoid(x @ Wr + h @ Ur)
    z = torch.sigmoid(x @ Wz + h @ Uz)
    n = torch.tanh(x @ Wn + r * (h @ Un))
    return (G * ((1 - z) * n + z * h)).sum()


def grad(x, h, G, Wr, Ur, Wz, Uz, Wn, Un):
    a_r = x @ Wr + h @ Ur
    r = torch.sigmoid(a_r)
    a_z = x @ Wz + h @ Uz
    z = torch.sigmoid(a_z)
    hU = h @ Un
    n = torch.tanh(x @ Wn + r * hU)
    dn = G * (1 - z)
    dz = G * (h - n)
    da_n = dn * (1 - n * n)
    da_z = dz * a_z * (1 - a_z)  # <- wrong
    da_r = da_n * hU * r * (1 - r)
    dh = G * z + (da_n * r) @ Un.T + da_z @ Uz.T + da_r @ Ur.T
    return (dh, x.T @ da_r, h.T @ da_r, x.T @ da_z, h.T @ da_z,
            x.T @ da_n, h.T @ (da_n * r))


def grad_fixed(x, h, G, Wr, Ur, Wz, Uz, Wn, Un):
    a_r = x @ Wr + h @ Ur
    r = torch.sigmoid(a_r)
    a_z = x @ Wz + h @ Uz
    z = torch.sigmoid(a_z)
    hU = h @ Un
    n = torch.tanh(x @ Wn + r * hU)
    dn = G * (1 - z)
    dz = G * (h - n)
    da_n = dn * (1 - n * n)
    da_z = dz * z * (1 - z)
    da_r = da_n * hU * r * (1 - r)
    dh = G * z + (da_n * r) @ Un.T + da_z @ Uz.T + da_r @ Ur.T
    return (dh, x.T @ da_r, h.T @ da_r, x.T @ da_z, h.T @ da_z,
            x.T @ da_n, h.T @ (da_n * r))


SPEC = dict(wrt=("h", "Wr", "Ur", "Wz", "Uz", "Wn", "Un"),
            shapes={"x": ("N", "D"), "h": ("N", "H"), "G": ("N", "H"),
                    "Wr": ("D", "H"), "Ur": ("H", "H"), "Wz": ("D", "H"), "Uz": ("H", "H"),
                    "Wn": ("D", "H"), "Un": ("H", "H")},
            draws={}, sizes={"N": 4, "D": 3, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_gru_01")
CAUSE = "activation-derivative-of-input"
FIX = "The update gate's sigmoid' is z (1 - z), written with the gate value z, not with its pre-activation a_z."
