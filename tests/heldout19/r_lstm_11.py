"""Forget-gate gradient of the numpy LSTM notebook in CaptainE/RNN-LSTM-in-numpy (RNN_LSTM_from_scratch.ipynb).

Source: https://github.com/CaptainE/RNN-LSTM-in-numpy/issues/1 ("Missing `derivative=True`
parameter for `sigmoid()`") and PR #2:
    df = dC * C_prev
    df = sigmoid(f[t]) * df
multiplies by the sigmoid itself where its derivative belongs. The forward pass stores
f = sigmoid(W_f z + b_f), so the derivative is f (1 - f). (The notebook's other gates take
sigmoid(o[t], derivative=True), i.e. sigma' of an already-squashed value, a second problem left
out here: those lines are written f (1 - f) style in both versions.)
One step, column vectors: z (5, 1), C_prev (3, 1), W_* (3, 5), b_* (3, 1), dh (3, 1); L = sum(dh * h).
"""

import numpy as np
import torch

from verify import derivation


def loss(z, C_prev, W_f, b_f, W_i, b_i, W_g, b_g, W_o, b_o, dh):
    f = torch.sigmoid(W_f @ z + b_f)
    i = torch.sigmoid(W_i @ z + b_i)
    g = torch.tanh(W_g @ z + b_g)
    C = f * C_prev + i * g
    o = torch.sigmoid(W_o @ z + b_o)
    return (dh * o * torch.tanh(C)).sum()


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def grad(z, C_prev, W_f, b_f, W_i, b_i, W_g, b_g, W_o, b_o, dh):
    f = sigmoid(np.dot(W_f, z) + b_f)
    i = sigmoid(np.dot(W_i, z) + b_i)
    g = np.tanh(np.dot(W_g, z) + b_g)
    C = f * C_prev + i * g
    o = sigmoid(np.dot(W_o, z) + b_o)
    dC = dh * o * (1 - np.tanh(C) ** 2)
    df = dC * C_prev
    df = sigmoid(f) * df  # <- wrong
    W_f_d = np.dot(df, z.T)
    b_f_d = df
    return W_f_d, b_f_d


def grad_fixed(z, C_prev, W_f, b_f, W_i, b_i, W_g, b_g, W_o, b_o, dh):
    f = sigmoid(np.dot(W_f, z) + b_f)
    i = sigmoid(np.dot(W_i, z) + b_i)
    g = np.tanh(np.dot(W_g, z) + b_g)
    C = f * C_prev + i * g
    o = sigmoid(np.dot(W_o, z) + b_o)
    dC = dh * o * (1 - np.tanh(C) ** 2)
    df = dC * C_prev
    df = f * (1 - f) * df
    W_f_d = np.dot(df, z.T)
    b_f_d = df
    return W_f_d, b_f_d


_P = {f"{k}_{g}": s for g in "figo" for k, s in (("W", (3, 5)), ("b", (3, 1)))}
SPEC = dict(wrt=("W_f", "b_f"), shapes={"z": (5, 1), "C_prev": (3, 1), **_P, "dh": (3, 1)})
case = derivation(loss, grad, **SPEC, name="r_lstm_11")
CAUSE = "activation-derivative-of-input"
FIX = "The forget gate f = sigmoid(a) passes sigma'(a) = f (1 - f), not sigmoid(f): df = f * (1 - f) * dC * C_prev."
