"""A tanh RNN with an output and a squared error at every step, torch BPTT:
h_t = tanh(x_t Wx + h_{t-1} Wh), y_t = h_t Wy, L = 1/(2N) sum_t ||y_t - Y_t||^2;
X (T, N, D), h0 (N, H), Wx (D, H), Wh (H, H), Wy (H, K), Y (T, N, K), T = 3, N = 2, D = 3, H = 4, K = 2.
"""

import torch

from verify import derivation


def loss(X, Y, h0, Wx, Wh, Wy):
    h, total = h0, 0.0
    for t in range(X.shape[0]):
        h = torch.tanh(X[t] @ Wx + h @ Wh)
        total = total + 0.5 * ((h @ Wy - Y[t]) ** 2).sum()
    return total / X.shape[1]


def grad(X, Y, h0, Wx, Wh, Wy):
    N = X.shape[1]
    hs = [h0]
    for t in range(X.shape[0]):
        hs.append(torch.tanh(X[t] @ Wx + hs[-1] @ Wh))
    dWx, dWh, dWy = torch.zeros_like(Wx), torch.zeros_like(Wh), torch.zeros_like(Wy)
    dh_next = torch.zeros_like(h0)
    for t in reversed(range(X.shape[0])):
        h = hs[t + 1]
        dy = (h @ Wy - Y[t]) / N
        dWy = dWy + h.T @ dy
        dh = dy @ Wy.T  # <- wrong
        dz = dh * (1 - h * h)
        dWx = dWx + X[t].T @ dz
        dWh = dWh + hs[t].T @ dz
        dh_next = dz @ Wh.T
    return dh_next, dWx, dWh, dWy


def grad_fixed(X, Y, h0, Wx, Wh, Wy):
    N = X.shape[1]
    hs = [h0]
    for t in range(X.shape[0]):
        hs.append(torch.tanh(X[t] @ Wx + hs[-1] @ Wh))
    dWx, dWh, dWy = torch.zeros_like(Wx), torch.zeros_like(Wh), torch.zeros_like(Wy)
    dh_next = torch.zeros_like(h0)
    for t in reversed(range(X.shape[0])):
        h = hs[t + 1]
        dy = (h @ Wy - Y[t]) / N
        dWy = dWy + h.T @ dy
        dh = dy @ Wy.T + dh_next
        dz = dh * (1 - h * h)
        dWx = dWx + X[t].T @ dz
        dWh = dWh + hs[t].T @ dz
        dh_next = dz @ Wh.T
    return dh_next, dWx, dWh, dWy


SPEC = dict(wrt=("h0", "Wx", "Wh", "Wy"),
            shapes={"X": ("T", "N", "D"), "Y": ("T", "N", "K"), "h0": ("N", "H"),
                    "Wx": ("D", "H"), "Wh": ("H", "H"), "Wy": ("H", "K")},
            draws={}, sizes={"T": 3, "N": 2, "D": 3, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_rnn_02")
CAUSE = "missing-term"
FIX = "h_t also feeds step t + 1, so its gradient is dy_t Wy^T plus the dh_next carried back through time."
