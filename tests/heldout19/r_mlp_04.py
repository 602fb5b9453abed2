"""Two sigmoid layers with the bias as an appended input, louisjc/mnist-neural-network (neural_net.py).

Source: https://github.com/louisjc/mnist-neural-network/issues/1 ("Bugs?"), fixed by the author:
    hidden_deltas = hidden_outputs * (1 - hidden_outputs) * \\
        np.dot(np.delete(self.layers[-1], 200, 1).T, output_deltas)
with Network(300): the output layer is (10, 301) and its bias column is 300, but the hard-coded
200 (left from a 200-unit net) deletes the weight column of hidden unit 200 and keeps the bias
column, so every hidden unit from 200 on back-propagates through its neighbour's weight. The fix
deletes column num_hidden. (The issue's second bug, the output layer updated before this line, is
not a gradient-formula bug and is left out.) Here num_hidden = 6 and the stale constant is 4.
L = 1/2 sum((o - t)^2); x (5,), t (3,), W1 (6, 6), W2 (3, 7).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, t, W1, W2):
    h = torch.sigmoid(W1 @ torch.cat([x, torch.ones(1, dtype=x.dtype)]))
    o = torch.sigmoid(W2 @ torch.cat([h, torch.ones(1, dtype=x.dtype)]))
    return 0.5 * ((o - t) ** 2).sum()


def expit(a):
    return 1 / (1 + np.exp(-a))


def grad(x, t, W1, W2):
    num_hidden = W1.shape[0]
    hidden_outputs = expit(np.inner(W1, np.append(x, 1)))
    outputs = expit(np.inner(W2, np.append(hidden_outputs, 1)))
    output_deltas = outputs * (1 - outputs) * (outputs - t)
    dW2 = np.outer(output_deltas, np.append(hidden_outputs, 1))
    hidden_deltas = hidden_outputs * (1 - hidden_outputs) * np.dot(np.delete(W2, 4, 1).T, output_deltas)  # <- wrong
    dW1 = np.outer(hidden_deltas, np.append(x, 1))
    return dW1, dW2


def grad_fixed(x, t, W1, W2):
    num_hidden = W1.shape[0]
    hidden_outputs = expit(np.inner(W1, np.append(x, 1)))
    outputs = expit(np.inner(W2, np.append(hidden_outputs, 1)))
    output_deltas = outputs * (1 - outputs) * (outputs - t)
    dW2 = np.outer(output_deltas, np.append(hidden_outputs, 1))
    hidden_deltas = hidden_outputs * (1 - hidden_outputs) * np.dot(np.delete(W2, num_hidden, 1).T, output_deltas)
    dW1 = np.outer(hidden_deltas, np.append(x, 1))
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"x": (5,), "t": (3,), "W1": (6, 6), "W2": (3, 7)},
            draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="r_mlp_04")
CAUSE = "wrong-operand"
FIX = "Drop the output layer's bias column, np.delete(W2, num_hidden, 1), not a column of a hidden unit's weights."
