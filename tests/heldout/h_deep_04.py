"""Three-layer ReLU classifier of constant width with a softmax cross-entropy on one-hot targets:
L = -sum_n sum_c t_nc log softmax(s_n)_c, s = relu(relu(x W1) W2) W3;
x (6, 4), W1, W2, W3 (4, 4), t (6, 4) one-hot.
"""

import torch

from verify import derivation


def loss(x, W1, W2, W3, t):
    """Summed softmax cross-entropy of s = relu(relu(x W1) W2) W3."""
    s = torch.relu(torch.relu(x @ W1) @ W2) @ W3
    return -(t * torch.log_softmax(s, dim=1)).sum()


def grad(x, W1, W2, W3, t):
    Ws = [W1, W2, W3]
    a = [x]
    for l, W in enumerate(Ws):
        z = a[-1] @ W
        a.append(torch.relu(z) if l < len(Ws) - 1 else z)
    delta = torch.softmax(a[-1], dim=1) - t
    grads = [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        grads[l] = a[l + 1].T @ delta  # <- wrong
        delta = (delta @ Ws[l].T) * (a[l] > 0)
    return tuple(grads)


def grad_fixed(x, W1, W2, W3, t):
    Ws = [W1, W2, W3]
    a = [x]
    for l, W in enumerate(Ws):
        z = a[-1] @ W
        a.append(torch.relu(z) if l < len(Ws) - 1 else z)
    delta = torch.softmax(a[-1], dim=1) - t
    grads = [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        grads[l] = a[l].T @ delta
        delta = (delta @ Ws[l].T) * (a[l] > 0)
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"x": (6, 4), "W1": (4, 4), "W2": (4, 4), "W3": (4, 4), "t": (6, 4)},
            draws={"t": "onehot"})
case = derivation(loss, grad, **SPEC, name="h_deep_04")
CAUSE = "wrong-layer"
FIX = "dW_l pairs the delta with the layer's input a[l], not its output a[l + 1]."
