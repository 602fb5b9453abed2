"""An Elman network read out after the last step, backpropagation through time, torch:
h_t = tanh(x_t Wx + h_{t-1} Wh), y = h_T V, L = 1/2 sum (y - tgt)^2;
xs (3, 2, 4), h0 (2, 5), Wx (4, 5), Wh (5, 5), V (5, 6), tgt (2, 6).
"""

import torch

from verify import derivation


def loss(xs, h0, Wx, Wh, V, tgt):
    h = h0
    for t in range(xs.shape[0]):
        h = torch.tanh(xs[t] @ Wx + h @ Wh)
    return 0.5 * ((h @ V - tgt) ** 2).sum()


def grad(xs, h0, Wx, Wh, V, tgt):
    hs = [h0]
    for t in range(xs.shape[0]):
        hs.append(torch.tanh(xs[t] @ Wx + hs[-1] @ Wh))
    dy = hs[-1] @ V - tgt
    dV = hs[-1].T @ dy
    dh = dy @ V.T
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    for t in reversed(range(xs.shape[0])):
        dz = dh * (1 - hs[t + 1])  # <- wrong
        dWx = dWx + xs[t].T @ dz
        dWh = dWh + hs[t].T @ dz
        dh = dz @ Wh.T
    return dWx, dWh, dV


def grad_fixed(xs, h0, Wx, Wh, V, tgt):
    hs = [h0]
    for t in range(xs.shape[0]):
        hs.append(torch.tanh(xs[t] @ Wx + hs[-1] @ Wh))
    dy = hs[-1] @ V - tgt
    dV = hs[-1].T @ dy
    dh = dy @ V.T
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    for t in reversed(range(xs.shape[0])):
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx = dWx + xs[t].T @ dz
        dWh = dWh + hs[t].T @ dz
        dh = dz @ Wh.T
    return dWx, dWh, dV


SPEC = dict(wrt=("Wx", "Wh", "V"),
            shapes={"xs": (3, 2, 4), "h0": (2, 5), "Wx": (4, 5), "Wh": (5, 5), "V": (5, 6),
                    "tgt": (2, 6)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_elman_01")
CAUSE = "activation-derivative-of-input"
FIX = "tanh' at the step is 1 - h_t^2, the square of the output, not 1 - h_t."
