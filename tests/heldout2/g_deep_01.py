"""A deep tanh net kept as a list of weight matrices, backprop in a loop over layers:
a_0 = x, a_l = tanh(a_(l-1) W_l) for l = 1..3, y = a_3 W_4, L = 1/2 ||y - t||^2;
x (N, H), W1..W3 (H, H), W4 (H, K), N = 5, H = 4, K = 2.
"""

import torch

from verify import derivation


def loss(x, W1, W2, W3, W4, t):
    """L = 1/2 sum (y - t)^2 through three tanh layers and a linear output."""
    a = x
    for W in (W1, W2, W3):
        a = torch.tanh(a @ W)
    return 0.5 * ((a @ W4 - t) ** 2).sum()


def grad(x, W1, W2, W3, W4, t):
    Ws = [W1, W2, W3, W4]
    acts = [x]
    for W in Ws[:-1]:
        acts.append(torch.tanh(acts[-1] @ W))
    y = acts[-1] @ Ws[-1]
    delta = y - t
    grads = [None] * len(Ws)
    grads[-1] = acts[-1].T @ delta
    for l in range(len(Ws) - 2, -1, -1):
        delta = (delta @ Ws[l + 1].T) * (1 - acts[l] ** 2)  # <- wrong
        grads[l] = acts[l].T @ delta
    return tuple(grads)


def grad_fixed(x, W1, W2, W3, W4, t):
    Ws = [W1, W2, W3, W4]
    acts = [x]
    for W in Ws[:-1]:
        acts.append(torch.tanh(acts[-1] @ W))
    y = acts[-1] @ Ws[-1]
    delta = y - t
    grads = [None] * len(Ws)
    grads[-1] = acts[-1].T @ delta
    for l in range(len(Ws) - 2, -1, -1):
        delta = (delta @ Ws[l + 1].T) * (1 - acts[l + 1] ** 2)
        grads[l] = acts[l].T @ delta
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3", "W4"),
            shapes={"x": ("N", "H"), "W1": ("H", "H"), "W2": ("H", "H"), "W3": ("H", "H"),
                    "W4": ("H", "K"), "t": ("N", "K")},
            sizes={"N": 5, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="g_deep_01")
CAUSE = "wrong-layer"
FIX = "Layer l's tanh' uses its own output acts[l + 1], not the input acts[l] it receives."
