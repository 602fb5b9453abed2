"""Deep tanh MLP (3 hidden layers of width 4, linear output), numpy, loops over the layers.

a_0 = x, a_l = tanh(a_{l-1} W_l) for l = 1..3, out = a_3 W4, L = sum((out - Y)^2) / (2N);
x (3, 3), W1 (3, 4), W2 (4, 4), W3 (4, 4), W4 (4, 4), Y (3, 4).  Gradients wrt W1..W4.
Mistake: going down the loop, the tanh derivative is taken from acts[l + 1], the layer
above, instead of acts[l], the activation that W_l's input actually came from.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, W2, W3, W4, Y):
    a = x
    for W in (W1, W2, W3):
        a = torch.tanh(a @ W)
    return ((a @ W4 - Y) ** 2).sum() / (2 * x.shape[0])


def grad(x, W1, W2, W3, W4, Y):
    Ws = [W1, W2, W3, W4]
    acts = [x]
    for W in Ws[:-1]:
        acts.append(np.tanh(acts[-1] @ W))
    out = acts[-1] @ Ws[-1]
    acts.append(out)
    n = x.shape[0]
    delta = (out - Y) / n
    grads = [None] * len(Ws)
    for l in range(len(Ws) - 1, -1, -1):
        grads[l] = acts[l].T @ delta
        if l > 0:
            delta = (delta @ Ws[l].T) * (1 - acts[l + 1] ** 2)  # <- wrong
    return tuple(grads)


def grad_fixed(x, W1, W2, W3, W4, Y):
    Ws = [W1, W2, W3, W4]
    acts = [x]
    for W in Ws[:-1]:
        acts.append(np.tanh(acts[-1] @ W))
    out = acts[-1] @ Ws[-1]
    acts.append(out)
    n = x.shape[0]
    delta = (out - Y) / n
    grads = [None] * len(Ws)
    for l in range(len(Ws) - 1, -1, -1):
        grads[l] = acts[l].T @ delta
        if l > 0:
            delta = (delta @ Ws[l].T) * (1 - acts[l] ** 2)
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3", "W4"),
            shapes={"x": (3, 3), "W1": (3, 4), "W2": (4, 4), "W3": (4, 4), "W4": (4, 4),
                    "Y": (3, 4)})
case = derivation(loss, grad, **SPEC, name="t_deepmlp_25")
CAUSE = "wrong-layer"
FIX = "The delta below W_l goes through tanh'(z_l) = 1 - acts[l]^2, the activation W_l multiplies."
