"""javaidnabi31/RNN-from-scratch, "RNN_char_text generator.ipynb", RNN.backward; issue #2
(https://github.com/javaidnabi31/RNN-from-scratch/issues/2): "In the backward function, I think line
dc += dc should be dc += dy instead" ("I agree"). Vanilla char-RNN, h_t = tanh(U x_t + W h_{t-1} + b),
p_t = softmax(V h_t + c), L = sum_t -log p_t[target_t]; gradient clipping left out.
X one-hot (3, 4) (T = 3, vocab 4), targets (3,), hprev (5, 1), U (5, 4), W (5, 5), V (4, 5), b (5, 1), c (4, 1).
"""

import numpy as np
import torch

from verify import derivation


def loss(U, W, V, b, c, X, targets, hprev):
    h = hprev
    total = 0
    for t in range(X.shape[0]):
        h = torch.tanh(U @ X[t][:, None] + W @ h + b)
        o = V @ h + c
        total = total - torch.log_softmax(o, dim=0)[targets[t].long(), 0]
    return total


def softmax(x):
    p = np.exp(x - np.max(x))
    return p / np.sum(p)


def grad(U, W, V, b, c, X, targets, hprev):
    targets = targets.astype(int)
    xs, hs, ps = {}, {}, {}
    hs[-1] = np.copy(hprev)
    for t in range(X.shape[0]):
        xs[t] = X[t][:, None]
        hs[t] = np.tanh(np.dot(U, xs[t]) + np.dot(W, hs[t-1]) + b)
        ps[t] = softmax(np.dot(V, hs[t]) + c)
    dU, dW, dV = np.zeros_like(U), np.zeros_like(W), np.zeros_like(V)
    db, dc = np.zeros_like(b), np.zeros_like(c)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(X.shape[0])):
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1
        dV += np.dot(dy, hs[t].T)
        dc += dc  # <- wrong
        dh = np.dot(V.T, dy) + dhnext
        dhrec = (1 - hs[t] * hs[t]) * dh
        db += dhrec
        dU += np.dot(dhrec, xs[t].T)
        dW += np.dot(dhrec, hs[t-1].T)
        dhnext = np.dot(W.T, dhrec)
    return dU, dW, dV, db, dc


def grad_fixed(U, W, V, b, c, X, targets, hprev):
    targets = targets.astype(int)
    xs, hs, ps = {}, {}, {}
    hs[-1] = np.copy(hprev)
    for t in range(X.shape[0]):
        xs[t] = X[t][:, None]
        hs[t] = np.tanh(np.dot(U, xs[t]) + np.dot(W, hs[t-1]) + b)
        ps[t] = softmax(np.dot(V, hs[t]) + c)
    dU, dW, dV = np.zeros_like(U), np.zeros_like(W), np.zeros_like(V)
    db, dc = np.zeros_like(b), np.zeros_like(c)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(X.shape[0])):
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1
        dV += np.dot(dy, hs[t].T)
        dc += dy
        dh = np.dot(V.T, dy) + dhnext
        dhrec = (1 - hs[t] * hs[t]) * dh
        db += dhrec
        dU += np.dot(dhrec, xs[t].T)
        dW += np.dot(dhrec, hs[t-1].T)
        dhnext = np.dot(W.T, dhrec)
    return dU, dW, dV, db, dc


SPEC = dict(wrt=("U", "W", "V", "b", "c"),
            shapes={"U": (5, 4), "W": (5, 5), "V": (4, 5), "b": (5, 1), "c": (4, 1), "X": (3, 4),
                    "targets": (3,), "hprev": (5, 1)},
            draws={"X": "onehot", "targets": ("labels", 4)})
case = derivation(loss, grad, **SPEC, name="q_charrnn_21")
CAUSE = "wrong-operand"
FIX = "The output bias enters o = V h + c, so its gradient accumulates the output error dy: dc += dy."
