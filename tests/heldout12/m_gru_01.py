"""One GRU step on a batch, regressed on a target state, torch:
z = sigma(x Wz + h Uz), r = sigma(x Wr + h Ur), n = tanh(x Wn + (r * h) Un),
h' = (1 - z) * n + z * h, L = 1/(2N) sum ||h'_n - target_n||^2;
x (N, D), h (N, H), W* (D, H), U* (H, H), target (N, H), with N = 3, D = 2, H = 3.
"""

import torch

from verify import derivation


def loss(x, h, Wz, Wr, Wn, Uz, Ur, Un, target):
    z = torch.sigmoid(x @ Wz + h @ Uz)
    r = torch.sigmoid(x @ Wr + h @ Ur)
    n = torch.tanh(x @ Wn + (r * h) @ Un)
    h_new = (1 - z) * n + z * h
    return ((h_new - target) ** 2).sum() / (2 * x.shape[0])


def grad(x, h, Wz, Wr, Wn, Uz, Ur, Un, target):
    z = torch.sigmoid(x @ Wz + h @ Uz)
    r = torch.sigmoid(x @ Wr + h @ Ur)
    n = torch.tanh(x @ Wn + (r * h) @ Un)
    h_new = (1 - z) * n + z * h
    dh_new = h_new - target  # <- wrong
    dn = dh_new * (1 - z)
    dz = dh_new * (h - n)
    dan = dn * (1 - n ** 2)
    daz = dz * z * (1 - z)
    drh = dan @ Un.T
    dar = drh * h * r * (1 - r)
    dWz = x.T @ daz
    dWn = x.T @ dan
    dh = dh_new * z + drh * r + daz @ Uz.T + dar @ Ur.T
    return dWz, dWn, dh


def grad_fixed(x, h, Wz, Wr, Wn, Uz, Ur, Un, target):
    z = torch.sigmoid(x @ Wz + h @ Uz)
    r = torch.sigmoid(x @ Wr + h @ Ur)
    n = torch.tanh(x @ Wn + (r * h) @ Un)
    h_new = (1 - z) * n + z * h
    dh_new = (h_new - target) / x.shape[0]
    dn = dh_new * (1 - z)
    dz = dh_new * (h - n)
    dan = dn * (1 - n ** 2)
    daz = dz * z * (1 - z)
    drh = dan @ Un.T
    dar = drh * h * r * (1 - r)
    dWz = x.T @ daz
    dWn = x.T @ dan
    dh = dh_new * z + drh * r + daz @ Uz.T + dar @ Ur.T
    return dWz, dWn, dh


SPEC = dict(wrt=("Wz", "Wn", "h"),
            shapes={"x": ("N", "D"), "h": ("N", "H"), "Wz": ("D", "H"), "Wr": ("D", "H"),
                    "Wn": ("D", "H"), "Uz": ("H", "H"), "Ur": ("H", "H"), "Un": ("H", "H"),
                    "target": ("N", "H")},
            draws={}, sizes={"N": 3, "D": 2, "H": 3})
case = derivation(loss, grad, **SPEC, name="m_gru_01")
CAUSE = "batch-mean"
FIX = "The loss is averaged over the batch, so dh' = (h' - target) / N."
