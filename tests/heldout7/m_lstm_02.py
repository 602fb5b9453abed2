"""An LSTM unrolled over T steps with one fused weight on [x_t, h_{t-1}], torch, BPTT by hand:
a = [x_t, h] W + b split as [i, f, o, g], c_t = f c_{t-1} + i g, h_t = o tanh(c_t), h_0 = c_0 = 0,
L = sum_t sum(G_t * h_t); X (T, N, D), W (D + H, 4H), b (4H,), G (T, N, H)
with T = 5, N = 2, D = 3, H = 4: X (5, 2, 3), W (7, 16), b (16,), G (5, 2, 4).
"""

import torch

from verify import derivation


def loss(X, W, b, G):
    H = G.shape[-1]
    h = torch.zeros(X.shape[1], H, dtype=X.dtype)
    c = torch.zeros_like(h)
    total = 0.0
    for t in range(X.shape[0]):
        i, f, o, g = (torch.cat([X[t], h], dim=1) @ W + b).split(H, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        total = total + (G[t] * h).sum()
    return total


def grad(X, W, b, G):
    T, N, D = X.shape
    H = G.shape[2]
    h = torch.zeros(N, H, dtype=X.dtype)
    c = torch.zeros_like(h)
    cache = []
    for t in range(T):
        z = torch.cat([X[t], h], dim=1)
        a = z @ W + b
        i, f, o = torch.sigmoid(a[:, :H]), torch.sigmoid(a[:, H:2 * H]), torch.sigmoid(a[:, 2 * H:3 * H])
        g = torch.tanh(a[:, 3 * H:])
        c_prev = c
        c = f * c_prev + i * g
        tc = torch.tanh(c)
        h = o * tc
        cache.append((z, i, f, o, g, c_prev, tc))
    dW, db = torch.zeros_like(W), torch.zeros_like(b)
    dh_next = torch.zeros(N, H, dtype=X.dtype)
    dc_next = torch.zeros_like(dh_next)
    for t in reversed(range(T)):
        z, i, f, o, g, c_prev, tc = cache[t]
        dh = G[t] + dh_next
        dc = dh * o * (1 - tc ** 2)  # <- wrong
        da = torch.cat([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                        dh * tc * o * (1 - o), dc * i * (1 - g ** 2)], dim=1)
        dW = dW + z.T @ da
        db = db + da.sum(0)
        dh_next = (da @ W.T)[:, D:]
        dc_next = dc * f
    return dW, db


def grad_fixed(X, W, b, G):
    T, N, D = X.shape
    H = G.shape[2]
    h = torch.zeros(N, H, dtype=X.dtype)
    c = torch.zeros_like(h)
    cache = []
    for t in range(T):
        z = torch.cat([X[t], h], dim=1)
        a = z @ W + b
        i, f, o = torch.sigmoid(a[:, :H]), torch.sigmoid(a[:, H:2 * H]), torch.sigmoid(a[:, 2 * H:3 * H])
        g = torch.tanh(a[:, 3 * H:])
        c_prev = c
        c = f * c_prev + i * g
        tc = torch.tanh(c)
        h = o * tc
        cache.append((z, i, f, o, g, c_prev, tc))
    dW, db = torch.zeros_like(W), torch.zeros_like(b)
    dh_next = torch.zeros(N, H, dtype=X.dtype)
    dc_next = torch.zeros_like(dh_next)
    for t in reversed(range(T)):
        z, i, f, o, g, c_prev, tc = cache[t]
        dh = G[t] + dh_next
        dc = dh * o * (1 - tc ** 2) + dc_next
        da = torch.cat([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                        dh * tc * o * (1 - o), dc * i * (1 - g ** 2)], dim=1)
        dW = dW + z.T @ da
        db = db + da.sum(0)
        dh_next = (da @ W.T)[:, D:]
        dc_next = dc * f
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": (5, 2, 3), "W": (7, 16), "b": (16,), "G": (5, 2, 4)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_lstm_02")
CAUSE = "missing-term"
FIX = "The cell state also carries gradient from the next step: dc = dh o (1 - tanh(c)^2) + dc_next."
