"""A deep ReLU regression network written as a loop, torch:
three hidden ReLU layers of width 6, a linear output, L = 1/(2N) sum ||out - Y||^2;
X (9, 6), W1, W2, W3 (6, 6), W4 (6, 4), Y (9, 4).
"""

import torch

from verify import derivation


def loss(X, Y, W1, b1, W2, b2, W3, b3, W4, b4):
    a = X
    for W, b in ((W1, b1), (W2, b2), (W3, b3)):
        a = torch.relu(a @ W + b)
    out = a @ W4 + b4
    return 0.5 * ((out - Y) ** 2).sum() / X.shape[0]


def grad(X, Y, W1, b1, W2, b2, W3, b3, W4, b4):
    Ws = [W1, W2, W3, W4]
    bs = [b1, b2, b3, b4]
    N = X.shape[0]
    A = [X]
    Zs = []
    for W, b in zip(Ws[:-1], bs[:-1]):
        Zs.append(A[-1] @ W + b)
        A.append(torch.relu(Zs[-1]))
    out = A[-1] @ Ws[-1] + bs[-1]
    delta = (out - Y) / N
    grads = []
    for l in range(len(Ws) - 1, -1, -1):
        dW = A[l - 1].T @ delta  # <- wrong
        grads = [dW, delta.sum(0)] + grads
        if l > 0:
            delta = (delta @ Ws[l].T) * (Zs[l - 1] > 0)
    return tuple(grads)


def grad_fixed(X, Y, W1, b1, W2, b2, W3, b3, W4, b4):
    Ws = [W1, W2, W3, W4]
    bs = [b1, b2, b3, b4]
    N = X.shape[0]
    A = [X]
    Zs = []
    for W, b in zip(Ws[:-1], bs[:-1]):
        Zs.append(A[-1] @ W + b)
        A.append(torch.relu(Zs[-1]))
    out = A[-1] @ Ws[-1] + bs[-1]
    delta = (out - Y) / N
    grads = []
    for l in range(len(Ws) - 1, -1, -1):
        dW = A[l].T @ delta
        grads = [dW, delta.sum(0)] + grads
        if l > 0:
            delta = (delta @ Ws[l].T) * (Zs[l - 1] > 0)
    return tuple(grads)


SPEC = dict(wrt=("W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4"),
            shapes={"X": (9, 6), "Y": (9, 4), "W1": (6, 6), "b1": (6,), "W2": (6, 6),
                    "b2": (6,), "W3": (6, 6), "b3": (6,), "W4": (6, 4), "b4": (4,)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_deep_03")
CAUSE = "wrong-layer"
FIX = "Layer l's weight gradient uses that layer's input, A[l], not A[l - 1]."
