"""Backpropagation through time of a vanilla RNN in qixianbiao/RNN (RNN.backword).

Source: https://github.com/qixianbiao/RNN/issues/2 ("backward似乎不正确", the backward seems wrong).
The reporter points out that the gradient of the hidden state at step t was not passed back to
step t-1 ("后一层 h 的梯度没有向前面一层传递"): each step used only the output term
Wyh^T dQ for dL/dh_t, so the recurrent path through Whh was dropped (BPTT truncated to one step).
The corrected code in the issue carries dL_ht = Whh^T dt into the previous step. Reduced with an
explicit h0 and no biases (the issue's h[t-1] at t = 0 wraps around to the last state).
Loss: sum_t cross-entropy(softmax(Wyh h_t), y_t), h_t = tanh(Wxh x_t + Whh h_{t-1});
Wxh (4, 3), Whh (4, 4), Wyh (5, 4), x (3, 6) (one column per step), y (6, 5) one-hot, h0 (4,).
"""

import numpy as np
import torch

from verify import derivation


def loss(Wxh, Whh, Wyh, x, y, h0):
    h = h0
    total = 0.0
    for t in range(x.shape[1]):
        h = torch.tanh(Wxh @ x[:, t] + Whh @ h)
        total = total - (y[t] * torch.log_softmax(Wyh @ h, dim=0)).sum()
    return total


def grad(Wxh, Whh, Wyh, x, y, h0):
    T = x.shape[1]
    h = {-1: h0}
    output = {}
    for t in range(T):
        h[t] = np.tanh(np.dot(Wxh, x[:, t]) + np.dot(Whh, h[t - 1]))
        e = np.exp(np.dot(Wyh, h[t]) - np.max(np.dot(Wyh, h[t])))
        output[t] = e / np.sum(e)
    D_Wyh = np.zeros_like(Wyh)
    D_Whh = np.zeros_like(Whh)
    D_Wxh = np.zeros_like(Wxh)
    dh_next = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        dQ = output[t] - y[t]
        D_Wyh += np.outer(dQ, h[t])
        dL_ht = np.dot(np.transpose(Wyh), dQ)  # <- wrong
        dt = (1 - h[t] * h[t]) * dL_ht
        D_Wxh += np.outer(dt, x[:, t])
        D_Whh += np.outer(dt, h[t - 1])
        dh_next = np.dot(np.transpose(Whh), dt)
    return D_Wxh, D_Whh, D_Wyh


def grad_fixed(Wxh, Whh, Wyh, x, y, h0):
    T = x.shape[1]
    h = {-1: h0}
    output = {}
    for t in range(T):
        h[t] = np.tanh(np.dot(Wxh, x[:, t]) + np.dot(Whh, h[t - 1]))
        e = np.exp(np.dot(Wyh, h[t]) - np.max(np.dot(Wyh, h[t])))
        output[t] = e / np.sum(e)
    D_Wyh = np.zeros_like(Wyh)
    D_Whh = np.zeros_like(Whh)
    D_Wxh = np.zeros_like(Wxh)
    dh_next = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        dQ = output[t] - y[t]
        D_Wyh += np.outer(dQ, h[t])
        dL_ht = np.dot(np.transpose(Wyh), dQ) + dh_next
        dt = (1 - h[t] * h[t]) * dL_ht
        D_Wxh += np.outer(dt, x[:, t])
        D_Whh += np.outer(dt, h[t - 1])
        dh_next = np.dot(np.transpose(Whh), dt)
    return D_Wxh, D_Whh, D_Wyh


SPEC = dict(
    wrt=("Wxh", "Whh", "Wyh"),
    shapes={"Wxh": (4, 3), "Whh": (4, 4), "Wyh": (5, 4), "x": (3, 6), "y": (6, 5), "h0": (4,)},
    draws={"y": "onehot"},
)
case = derivation(loss, grad, **SPEC, name="s_rnn_17")
CAUSE = "missing-term"
FIX = "Add the gradient flowing back from step t+1, Whh^T dt, to dL/dh_t before applying tanh'."
