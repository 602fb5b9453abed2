"""Backpropagation through an LSTM layer that also returns its last cell state (deeplearning4j, libnd4j lstmLayer_bp).

Source: https://github.com/deeplearning4j/deeplearning4j/issues/8838 ("lstmLayer_bp: not taking into
account gradient contribution from last cell state"): when the forward pass returns the whole
output series AND cLast, and cLast reaches the loss, "the lstmLayer_bp implementation doesn't seem to
take it into account"; a non-zero dLdcLast failed the gradient check. "The solution should be simple:
at the last time step, just add the passed in dLdcLast array to the calculated dLdc at that time
step" (confirmed fixed). The C++ op is reduced to its recurrence in numpy: gates i, f, g, o from
x_t Wx + h_{t-1} Wr + b, sigmoid for i, f, o and tanh for g and the cell output, h0 = c0 = 0; the
cell gradient flowing into step t from above starts as zeros at the last step.
Loss: sum_t sum(dLdh_t * h_t) + sum(dLdcLast * c_T); x (3, 2, 2) = (time, batch, nIn), 2 units.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, Wx, Wr, b, dLdh, dLdcLast):
    T, N, _ = x.shape
    nOut = Wr.shape[0]
    h = torch.zeros(N, nOut, dtype=x.dtype)
    c = torch.zeros(N, nOut, dtype=x.dtype)
    total = 0.0
    for t in range(T):
        z = x[t] @ Wx + h @ Wr + b
        i = torch.sigmoid(z[:, :nOut])
        f = torch.sigmoid(z[:, nOut:2 * nOut])
        g = torch.tanh(z[:, 2 * nOut:3 * nOut])
        o = torch.sigmoid(z[:, 3 * nOut:])
        c = f * c + i * g
        h = o * torch.tanh(c)
        total = total + (dLdh[t] * h).sum()
    return total + (dLdcLast * c).sum()


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def grad(x, Wx, Wr, b, dLdh, dLdcLast):
    T, N, _ = x.shape
    nOut = Wr.shape[0]
    hs, cs, gates = [np.zeros((N, nOut))], [np.zeros((N, nOut))], []
    for t in range(T):
        z = x[t] @ Wx + hs[-1] @ Wr + b
        i, f = sigmoid(z[:, :nOut]), sigmoid(z[:, nOut:2 * nOut])
        g, o = np.tanh(z[:, 2 * nOut:3 * nOut]), sigmoid(z[:, 3 * nOut:])
        cs.append(f * cs[-1] + i * g)
        hs.append(o * np.tanh(cs[-1]))
        gates.append((i, f, g, o))

    dLdWx, dLdWr, dLdb = np.zeros_like(Wx), np.zeros_like(Wr), np.zeros_like(b)
    dLdhNext = np.zeros((N, nOut))
    dLdcNext = np.zeros((N, nOut))  # <- wrong
    for t in reversed(range(T)):
        i, f, g, o = gates[t]
        tanhc = np.tanh(cs[t + 1])
        dLdht = dLdh[t] + dLdhNext
        dLdc = dLdht * o * (1 - tanhc ** 2) + dLdcNext
        dLdzi = dLdc * g * i * (1 - i)
        dLdzf = dLdc * cs[t] * f * (1 - f)
        dLdzg = dLdc * i * (1 - g ** 2)
        dLdzo = dLdht * tanhc * o * (1 - o)
        dLdz = np.concatenate([dLdzi, dLdzf, dLdzg, dLdzo], axis=1)
        dLdWx += x[t].T @ dLdz
        dLdWr += hs[t].T @ dLdz
        dLdb += dLdz.sum(axis=0)
        dLdhNext = dLdz @ Wr.T
        dLdcNext = dLdc * f
    return dLdWx, dLdWr, dLdb


def grad_fixed(x, Wx, Wr, b, dLdh, dLdcLast):
    T, N, _ = x.shape
    nOut = Wr.shape[0]
    hs, cs, gates = [np.zeros((N, nOut))], [np.zeros((N, nOut))], []
    for t in range(T):
        z = x[t] @ Wx + hs[-1] @ Wr + b
        i, f = sigmoid(z[:, :nOut]), sigmoid(z[:, nOut:2 * nOut])
        g, o = np.tanh(z[:, 2 * nOut:3 * nOut]), sigmoid(z[:, 3 * nOut:])
        cs.append(f * cs[-1] + i * g)
        hs.append(o * np.tanh(cs[-1]))
        gates.append((i, f, g, o))

    dLdWx, dLdWr, dLdb = np.zeros_like(Wx), np.zeros_like(Wr), np.zeros_like(b)
    dLdhNext = np.zeros((N, nOut))
    dLdcNext = dLdcLast.copy()
    for t in reversed(range(T)):
        i, f, g, o = gates[t]
        tanhc = np.tanh(cs[t + 1])
        dLdht = dLdh[t] + dLdhNext
        dLdc = dLdht * o * (1 - tanhc ** 2) + dLdcNext
        dLdzi = dLdc * g * i * (1 - i)
        dLdzf = dLdc * cs[t] * f * (1 - f)
        dLdzg = dLdc * i * (1 - g ** 2)
        dLdzo = dLdht * tanhc * o * (1 - o)
        dLdz = np.concatenate([dLdzi, dLdzf, dLdzg, dLdzo], axis=1)
        dLdWx += x[t].T @ dLdz
        dLdWr += hs[t].T @ dLdz
        dLdb += dLdz.sum(axis=0)
        dLdhNext = dLdz @ Wr.T
        dLdcNext = dLdc * f
    return dLdWx, dLdWr, dLdb


SPEC = dict(wrt=("Wx", "Wr", "b"),
            shapes={"x": (3, 2, 2), "Wx": (2, 8), "Wr": (2, 8), "b": (8,),
                    "dLdh": (3, 2, 2), "dLdcLast": (2, 2)})
case = derivation(loss, grad, **SPEC, name="u_lstm_01")
CAUSE = "missing-term"
FIX = "Start the backward recurrence from the gradient of the returned last cell state, dLdcNext = dLdcLast, so it is added to dLdc at the last step."
