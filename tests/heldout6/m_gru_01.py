"""One GRU cell step in torch (PyTorch's gate convention), L = sum(G * h_new):
r = sigmoid(x Wx_r + h Wh_r + b_r), z = sigmoid(x Wx_z + h Wh_z + b_z),
n = tanh(x Wx_n + b_n + r * (h Wh_n)), h_new = (1 - z) * n + z * h;
x (5, 4), h (5, 3), Wx (4, 9), Wh (3, 9), b (9,), G (5, 3).
"""

import torch

from verify import derivation


def loss(x, h, Wx, Wh, b, G):
    H = h.shape[1]
    gx = x @ Wx + b
    gh = h @ Wh
    r = torch.sigmoid(gx[:, :H] + gh[:, :H])
    z = torch.sigmoid(gx[:, H:2 * H] + gh[:, H:2 * H])
    n = torch.tanh(gx[:, 2 * H:] + r * gh[:, 2 * H:])
    h_new = (1 - z) * n + z * h
    return (G * h_new).sum()


def grad(x, h, Wx, Wh, b, G):
    H = h.shape[1]
    gx = x @ Wx + b
    gh = h @ Wh
    r = torch.sigmoid(gx[:, :H] + gh[:, :H])
    z = torch.sigmoid(gx[:, H:2 * H] + gh[:, H:2 * H])
    n = torch.tanh(gx[:, 2 * H:] + r * gh[:, 2 * H:])
    dh_new = G
    dz = dh_new * (n - h)  # <- wrong
    dn = dh_new * (1 - z)
    dh = dh_new * z
    dan = dn * (1 - n ** 2)
    dr = dan * gh[:, 2 * H:]
    dar = dr * r * (1 - r)
    daz = dz * z * (1 - z)
    dgx = torch.cat([dar, daz, dan], dim=1)
    dgh = torch.cat([dar, daz, dan * r], dim=1)
    dWx = x.T @ dgx
    dWh = h.T @ dgh
    db = dgx.sum(0)
    dx = dgx @ Wx.T
    dh = dh + dgh @ Wh.T
    return dx, dh, dWx, dWh, db


def grad_fixed(x, h, Wx, Wh, b, G):
    H = h.shape[1]
    gx = x @ Wx + b
    gh = h @ Wh
    r = torch.sigmoid(gx[:, :H] + gh[:, :H])
    z = torch.sigmoid(gx[:, H:2 * H] + gh[:, H:2 * H])
    n = torch.tanh(gx[:, 2 * H:] + r * gh[:, 2 * H:])
    dh_new = G
    dz = dh_new * (h - n)
    dn = dh_new * (1 - z)
    dh = dh_new * z
    dan = dn * (1 - n ** 2)
    dr = dan * gh[:, 2 * H:]
    dar = dr * r * (1 - r)
    daz = dz * z * (1 - z)
    dgx = torch.cat([dar, daz, dan], dim=1)
    dgh = torch.cat([dar, daz, dan * r], dim=1)
    dWx = x.T @ dgx
    dWh = h.T @ dgh
    db = dgx.sum(0)
    dx = dgx @ Wx.T
    dh = dh + dgh @ Wh.T
    return dx, dh, dWx, dWh, db


SPEC = dict(wrt=("x", "h", "Wx", "Wh", "b"),
            shapes={"x": (5, 4), "h": (5, 3), "Wx": (4, 9), "Wh": (3, 9), "b": (9,),
                    "G": (5, 3)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_gru_01")
CAUSE = "sign"
FIX = "Since h_new = (1 - z) n + z h, dz = dh_new * (h - n)."
