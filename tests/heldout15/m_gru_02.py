"""A GRU run over T time steps, a cell class with forward/backward caches, numpy:
z = sigma(x_t Wz + h_{t-1} Uz), r = sigma(x_t Wr + h_{t-1} Ur),
n = tanh(x_t Wn + (r * h_{t-1}) Un), h_t = (1 - z) * h_{t-1} + z * n, h_0 = 0,
L = sum(dout * h_T); x (T, N, D), W* (D, H), U* (H, H), dout (N, H).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, Wz, Wr, Wn, Uz, Ur, Un, dout):
    h = torch.zeros(x.shape[1], Uz.shape[0], dtype=x.dtype)
    for xt in x:
        z = torch.sigmoid(xt @ Wz + h @ Uz)
        r = torch.sigmoid(xt @ Wr + h @ Ur)
        n = torch.tanh(xt @ Wn + (r * h) @ Un)
        h = (1 - z) * h + z * n
    return (dout * h).sum()


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


class GRUCell:
    def __init__(self, params, grads):
        self.p, self.g = params, grads

    def forward(self, x, h):
        p = self.p
        self.x, self.h = x, h
        self.z = sigmoid(x @ p["Wz"] + h @ p["Uz"])
        self.r = sigmoid(x @ p["Wr"] + h @ p["Ur"])
        self.n = np.tanh(x @ p["Wn"] + (self.r * h) @ p["Un"])
        self.h_new = (1 - self.z) * h + self.z * self.n
        return self.h_new

    def backward(self, dh_new):
        p, g = self.p, self.g
        x, h, z, r, n = self.x, self.h, self.z, self.r, self.n
        dn = dh_new * z
        dz = dh_new * (n - h)
        dh = dh_new * (1 - z)
        dan = dn * (1 - n ** 2)
        g["Wn"] += x.T @ dan
        g["Un"] += (r * h).T @ dan
        drh = dan @ p["Un"].T
        dr = drh * h
        dh += drh * r
        daz = dz * z * (1 - z)
        dar = dr * r * (1 - r)
        g["Wz"] += x.T @ daz
        g["Uz"] += self.h_new.T @ daz  # <- wrong
        g["Wr"] += x.T @ dar
        g["Ur"] += h.T @ dar
        dh += daz @ p["Uz"].T + dar @ p["Ur"].T
        return dh


class GRUCellFixed(GRUCell):
    def backward(self, dh_new):
        p, g = self.p, self.g
        x, h, z, r, n = self.x, self.h, self.z, self.r, self.n
        dn = dh_new * z
        dz = dh_new * (n - h)
        dh = dh_new * (1 - z)
        dan = dn * (1 - n ** 2)
        g["Wn"] += x.T @ dan
        g["Un"] += (r * h).T @ dan
        drh = dan @ p["Un"].T
        dr = drh * h
        dh += drh * r
        daz = dz * z * (1 - z)
        dar = dr * r * (1 - r)
        g["Wz"] += x.T @ daz
        g["Uz"] += h.T @ daz
        g["Wr"] += x.T @ dar
        g["Ur"] += h.T @ dar
        dh += daz @ p["Uz"].T + dar @ p["Ur"].T
        return dh


def grad(x, Wz, Wr, Wn, Uz, Ur, Un, dout):
    params = {"Wz": Wz, "Wr": Wr, "Wn": Wn, "Uz": Uz, "Ur": Ur, "Un": Un}
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    h = np.zeros((x.shape[1], Uz.shape[0]))
    cells = []
    for xt in x:
        cell = GRUCell(params, grads)
        h = cell.forward(xt, h)
        cells.append(cell)
    dh = dout
    for cell in reversed(cells):
        dh = cell.backward(dh)
    return tuple(grads[k] for k in ("Wz", "Wr", "Wn", "Uz", "Ur", "Un"))


def grad_fixed(x, Wz, Wr, Wn, Uz, Ur, Un, dout):
    params = {"Wz": Wz, "Wr": Wr, "Wn": Wn, "Uz": Uz, "Ur": Ur, "Un": Un}
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    h = np.zeros((x.shape[1], Uz.shape[0]))
    cells = []
    for xt in x:
        cell = GRUCellFixed(params, grads)
        h = cell.forward(xt, h)
        cells.append(cell)
    dh = dout
    for cell in reversed(cells):
        dh = cell.backward(dh)
    return tuple(grads[k] for k in ("Wz", "Wr", "Wn", "Uz", "Ur", "Un"))


SPEC = dict(wrt=("Wz", "Wr", "Wn", "Uz", "Ur", "Un"),
            shapes={"x": ("T", "N", "D"), "Wz": ("D", "H"), "Wr": ("D", "H"), "Wn": ("D", "H"),
                    "Uz": ("H", "H"), "Ur": ("H", "H"), "Un": ("H", "H"), "dout": ("N", "H")},
            draws={}, sizes={"T": 3, "N": 2, "D": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="m_gru_02")
CAUSE = "wrong-layer"
FIX = "The update gate reads h_{t-1}, so dUz accumulates h^T daz with the cell's input state, not its output h_new."
