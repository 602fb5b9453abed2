"""L-layer sigmoid network (sigmoid on every layer, the output too), backprop in a loop:
E = 1/2 sum (a3 - t)^2, a_l = sigma(a_{l-1} W_l + b_l), a0 = x;
x (N, D), W1 (D, H1), W2 (H1, H2), W3 (H2, K), biases to match, t (N, K) in [0, 1].
"""

import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, W3, b3, t):
    """E = 1/2 sum (a3 - t)^2."""
    a = x
    for W, b in ((W1, b1), (W2, b2), (W3, b3)):
        a = torch.sigmoid(a @ W + b)
    return 0.5 * ((a - t) ** 2).sum()


def grad(x, W1, b1, W2, b2, W3, b3, t):
    params = [(W1, b1), (W2, b2), (W3, b3)]
    a = [x]
    for W, b in params:
        a.append(torch.sigmoid(a[-1] @ W + b))
    delta = a[-1] - t  # <- wrong
    grads = []
    for l in range(len(params), 0, -1):
        W, b = params[l - 1]
        grads = [a[l - 1].T @ delta, delta.sum(0)] + grads
        if l > 1:
            delta = (delta @ W.T) * a[l - 1] * (1 - a[l - 1])
    return tuple(grads)


def grad_fixed(x, W1, b1, W2, b2, W3, b3, t):
    params = [(W1, b1), (W2, b2), (W3, b3)]
    a = [x]
    for W, b in params:
        a.append(torch.sigmoid(a[-1] @ W + b))
    delta = (a[-1] - t) * a[-1] * (1 - a[-1])
    grads = []
    for l in range(len(params), 0, -1):
        W, b = params[l - 1]
        grads = [a[l - 1].T @ delta, delta.sum(0)] + grads
        if l > 1:
            delta = (delta @ W.T) * a[l - 1] * (1 - a[l - 1])
    return tuple(grads)


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
            shapes={"x": ("N", "D"), "W1": ("D", "H1"), "b1": ("H1",), "W2": ("H1", "H2"),
                    "b2": ("H2",), "W3": ("H2", "K"), "b3": ("K",), "t": ("N", "K")},
            sizes={"N": 5, "D": 4, "H1": 6, "H2": 3, "K": 2}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="h_deep_02")
CAUSE = "activation-derivative-missing"
FIX = "The output layer is a sigmoid too: delta_L = (a_L - t) a_L (1 - a_L)."
