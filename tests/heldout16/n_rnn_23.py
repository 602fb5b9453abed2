"""A vanilla tanh RNN unrolled over T steps, backprop through time, torch:
a_t = x_t Wx + h_{t-1} Wh, h_t = tanh(a_t), L = sum(G * h_T);
xs (T, B, D), h0 (B, H), Wx (D, H), Wh (H, H), G (B, H); T = 3, B = 2, D = 4, H = 5.
"""

import torch

from verify import derivation


def loss(xs, h0, Wx, Wh, G):
    h = h0
    for x in xs:
        h = torch.tanh(x @ Wx + h @ Wh)
    return (G * h).sum()


def grad(xs, h0, Wx, Wh, G):
    hs, pre = [h0], []
    for x in xs:
        a = x @ Wx + hs[-1] @ Wh
        pre.append(a)
        hs.append(torch.tanh(a))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    dh = G
    for t in reversed(range(len(pre))):
        da = dh * (1 - pre[t] ** 2)  # <- wrong
        dWx = dWx + xs[t].T @ da
        dWh = dWh + hs[t].T @ da
        dh = da @ Wh.T
    return dWx, dWh


def grad_fixed(xs, h0, Wx, Wh, G):
    hs, pre = [h0], []
    for x in xs:
        a = x @ Wx + hs[-1] @ Wh
        pre.append(a)
        hs.append(torch.tanh(a))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    dh = G
    for t in reversed(range(len(pre))):
        da = dh * (1 - hs[t + 1] ** 2)
        dWx = dWx + xs[t].T @ da
        dWh = dWh + hs[t].T @ da
        dh = da @ Wh.T
    return dWx, dWh


SPEC = dict(wrt=("Wx", "Wh"),
            shapes={"xs": ("T", "B", "D"), "h0": ("B", "H"), "Wx": ("D", "H"), "Wh": ("H", "H"), "G": ("B", "H")},
            sizes={"T": 3, "B": 2, "D": 4, "H": 5})
case = derivation(loss, grad, **SPEC, name="n_rnn_23")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(a_t) = 1 - h_t^2 uses the step's output h_t = hs[t + 1], not the pre-activation a_t."
