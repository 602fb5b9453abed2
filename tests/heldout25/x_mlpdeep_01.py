"""Three-layer sigmoid network on one column vector, delta recursion:
a^0 = x, a^l = sigma(W^l a^(l-1) + b^l), L = 1/2 ||a^3 - t||^2; x (H, 1), W^l (H, H), b^l (H, 1), t (H, 1).
"""

import torch

from verify import derivation


def loss(W1, W2, W3, b1, b2, b3, x, t):
    a = x
    for W, b in ((W1, b1), (W2, b2), (W3, b3)):
        a = torch.sigmoid(W @ a + b)
    return 0.5 * ((a - t) ** 2).sum()


def grad(W1, W2, W3, b1, b2, b3, x, t):
    Ws, bs = [W1, W2, W3], [b1, b2, b3]
    acts = [x]
    for W, b in zip(Ws, bs, strict=True):
        acts.append(torch.sigmoid(W @ acts[-1] + b))
    L = len(Ws)
    dWs = [None] * L
    a = acts[-1]
    delta = (a - t) * a * (1 - a)
    dWs[-1] = delta @ acts[-2].T
    for l in range(2, L + 1):
        a = acts[-l]
        delta = (Ws[-l + 1] @ delta) * a * (1 - a)  # <- wrong
        dWs[-l] = delta @ acts[-l - 1].T
    return tuple(dWs)


def grad_fixed(W1, W2, W3, b1, b2, b3, x, t):
    Ws, bs = [W1, W2, W3], [b1, b2, b3]
    acts = [x]
    for W, b in zip(Ws, bs, strict=True):
        acts.append(torch.sigmoid(W @ acts[-1] + b))
    L = len(Ws)
    dWs = [None] * L
    a = acts[-1]
    delta = (a - t) * a * (1 - a)
    dWs[-1] = delta @ acts[-2].T
    for l in range(2, L + 1):
        a = acts[-l]
        delta = (Ws[-l + 1].T @ delta) * a * (1 - a)
        dWs[-l] = delta @ acts[-l - 1].T
    return tuple(dWs)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"W1": ("H", "H"), "W2": ("H", "H"), "W3": ("H", "H"), "b1": ("H", 1), "b2": ("H", 1),
                    "b3": ("H", 1), "x": ("H", 1), "t": ("H", 1)},
            draws={"t": "uniform"}, sizes={"H": 4})
case = derivation(loss, grad, **SPEC, name="x_mlpdeep_01")
CAUSE = "transpose"
FIX = "The error goes back through the weights transposed: delta^l = (W^(l+1)^T delta^(l+1)) * sigma'(z^l)."
