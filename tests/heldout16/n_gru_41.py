"""One GRU step (PyTorch's gate convention) with an upstream gradient, torch:
r = sigmoid(x Wr + h Ur), z = sigmoid(x Wz + h Uz), n = tanh(x Wn + r * (h Un)),
h' = (1 - z) * n + z * h, L = sum(G * h');
x (B, D), h (B, H), Wr, Wz, Wn (D, H), Ur, Uz, Un (H, H), G (B, H); B = 4, D = 3, H = 5.
"""

import torch

from verify import derivation


def loss(x, h, Wr, Ur, Wz, Uz, Wn, Un, G):
    r = torch.sigmoid(x @ Wr + h @ Ur)
    z = torch.sigmoid(x @ Wz + h @ Uz)
    n = torch.tanh(x @ Wn + r * (h @ Un))
    return (G * ((1 - z) * n + z * h)).sum()


def grad(x, h, Wr, Ur, Wz, Uz, Wn, Un, G):
    r = torch.sigmoid(x @ Wr + h @ Ur)
    z = torch.sigmoid(x @ Wz + h @ Uz)
    n = torch.tanh(x @ Wn + r * (h @ Un))
    # candidate path
    dn = G * (1 - z)
    da_n = dn * (1 - n ** 2)
    dWn = x.T @ da_n
    dUn = h.T @ (da_n * z)  # <- wrong
    # update-gate path
    dz = G * (h - n)
    da_z = dz * z * (1 - z)
    dWz = x.T @ da_z
    return dWz, dWn, dUn


def grad_fixed(x, h, Wr, Ur, Wz, Uz, Wn, Un, G):
    r = torch.sigmoid(x @ Wr + h @ Ur)
    z = torch.sigmoid(x @ Wz + h @ Uz)
    n = torch.tanh(x @ Wn + r * (h @ Un))
    # candidate path
    dn = G * (1 - z)
    da_n = dn * (1 - n ** 2)
    dWn = x.T @ da_n
    dUn = h.T @ (da_n * r)
    # update-gate path
    dz = G * (h - n)
    da_z = dz * z * (1 - z)
    dWz = x.T @ da_z
    return dWz, dWn, dUn


SPEC = dict(wrt=("Wz", "Wn", "Un"),
            shapes={"x": ("B", "D"), "h": ("B", "H"), "Wr": ("D", "H"), "Ur": ("H", "H"),
                    "Wz": ("D", "H"), "Uz": ("H", "H"), "Wn": ("D", "H"), "Un": ("H", "H"), "G": ("B", "H")},
            sizes={"B": 4, "D": 3, "H": 5})
case = derivation(loss, grad, **SPEC, name="n_gru_41")
CAUSE = "wrong-operand"
FIX = "Inside the candidate, h Un is scaled by the reset gate, so dUn = h.T @ (da_n * r)."
