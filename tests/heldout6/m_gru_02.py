"""A GRU cell step regressed onto a target, torch:
r = sigmoid(x Wx_r + h Wh_r + b_r), z = sigmoid(x Wx_z + h Wh_z + b_z),
n = tanh(x Wx_n + b_n + r * (h Wh_n)), h_new = (1 - z) n + z h, L = 1/2 ||h_new - target||^2;
x (6, 3), h (6, 4), Wx (3, 12), Wh (4, 12), b (12,), target (6, 4).
"""

import torch

from verify import derivation


def loss(x, h, Wx, Wh, b, target):
    H = h.shape[1]
    ax = x @ Wx + b
    ah = h @ Wh
    r = torch.sigmoid(ax[:, :H] + ah[:, :H])
    z = torch.sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])
    n = torch.tanh(ax[:, 2 * H:] + r * ah[:, 2 * H:])
    h_new = (1 - z) * n + z * h
    return 0.5 * ((h_new - target) ** 2).sum()


def grad(x, h, Wx, Wh, b, target):
    H = h.shape[1]
    ax = x @ Wx + b
    ah = h @ Wh
    r = torch.sigmoid(ax[:, :H] + ah[:, :H])
    z = torch.sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])
    hn = ah[:, 2 * H:]
    n = torch.tanh(ax[:, 2 * H:] + r * hn)
    h_new = (1 - z) * n + z * h
    dh = h_new - target
    dn = dh * (1 - r)  # <- wrong
    dz = dh * (h - n)
    d_n = dn * (1 - n * n)
    d_z = dz * z * (1 - z)
    d_r = d_n * hn * r * (1 - r)
    dax = torch.cat((d_r, d_z, d_n), dim=1)
    dah = torch.cat((d_r, d_z, d_n * r), dim=1)
    return x.T @ dax, h.T @ dah, dax.sum(dim=0)


def grad_fixed(x, h, Wx, Wh, b, target):
    H = h.shape[1]
    ax = x @ Wx + b
    ah = h @ Wh
    r = torch.sigmoid(ax[:, :H] + ah[:, :H])
    z = torch.sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])
    hn = ah[:, 2 * H:]
    n = torch.tanh(ax[:, 2 * H:] + r * hn)
    h_new = (1 - z) * n + z * h
    dh = h_new - target
    dn = dh * (1 - z)
    dz = dh * (h - n)
    d_n = dn * (1 - n * n)
    d_z = dz * z * (1 - z)
    d_r = d_n * hn * r * (1 - r)
    dax = torch.cat((d_r, d_z, d_n), dim=1)
    dah = torch.cat((d_r, d_z, d_n * r), dim=1)
    return x.T @ dax, h.T @ dah, dax.sum(dim=0)


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"x": (6, 3), "h": (6, 4), "Wx": (3, 12), "Wh": (4, 12), "b": (12,),
                    "target": (6, 4)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_gru_02")
CAUSE = "wrong-operand"
FIX = "The candidate n enters h_new with weight 1 - z (the update gate), not 1 - r."
