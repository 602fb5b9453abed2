"""A vanilla RNN through time with a half sum of squares on its read-out, torch:
h_t = tanh(x_t Wx + h_{t-1} Wh + b), h_0 = 0, y = h_T Wy, L = 1/2 sum (y - t)^2;
x (N, T, D), Wx (D, H), Wh (H, H), b (H,), Wy (H, K), t (N, K).
"""

import torch

from verify import derivation


def loss(x, Wx, Wh, b, Wy, t):
    h = torch.zeros(x.shape[0], Wh.shape[0], dtype=x.dtype)
    for step in range(x.shape[1]):
        h = torch.tanh(x[:, step] @ Wx + h @ Wh + b)
    return 0.5 * ((h @ Wy - t) ** 2).sum()


def grad(x, Wx, Wh, b, Wy, t):
    N, T, _ = x.shape
    hs = [torch.zeros(N, Wh.shape[0], dtype=x.dtype)]
    for step in range(T):
        hs.append(torch.tanh(x[:, step] @ Wx + hs[-1] @ Wh + b))
    y = hs[-1] @ Wy
    dy = 2 * (y - t)  # <- wrong
    dWy = hs[-1].T @ dy
    dh = dy @ Wy.T
    dWx, dWh, db = torch.zeros_like(Wx), torch.zeros_like(Wh), torch.zeros_like(b)
    for step in reversed(range(T)):
        da = dh * (1 - hs[step + 1] ** 2)
        dWx += x[:, step].T @ da
        dWh += hs[step].T @ da
        db += da.sum(0)
        dh = da @ Wh.T
    return dWx, dWh, db, dWy


def grad_fixed(x, Wx, Wh, b, Wy, t):
    N, T, _ = x.shape
    hs = [torch.zeros(N, Wh.shape[0], dtype=x.dtype)]
    for step in range(T):
        hs.append(torch.tanh(x[:, step] @ Wx + hs[-1] @ Wh + b))
    y = hs[-1] @ Wy
    dy = y - t
    dWy = hs[-1].T @ dy
    dh = dy @ Wy.T
    dWx, dWh, db = torch.zeros_like(Wx), torch.zeros_like(Wh), torch.zeros_like(b)
    for step in reversed(range(T)):
        da = dh * (1 - hs[step + 1] ** 2)
        dWx += x[:, step].T @ da
        dWh += hs[step].T @ da
        db += da.sum(0)
        dh = da @ Wh.T
    return dWx, dWh, db, dWy


SPEC = dict(wrt=("Wx", "Wh", "b", "Wy"),
            shapes={"x": ("N", "T", "D"), "Wx": ("D", "H"), "Wh": ("H", "H"), "b": ("H",),
                    "Wy": ("H", "K"), "t": ("N", "K")},
            draws={}, sizes={"N": 3, "T": 4, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_rnn_01")
CAUSE = "square-factor"
FIX = "The loss's 1/2 cancels the square's 2, so dy = y - t."
