"""An L-layer ReLU network of equal widths with a linear last layer, looped over layers, torch:
a_0 = X, a_l = relu(a_{l-1} W_l) for l < L, a_L = a_{L-1} W_L, J = 1/(2N) sum (a_L - Y)^2;
X (N, H), W1, W2, W3 (H, H), Y (N, H).
"""

import torch

from verify import derivation


def loss(X, W1, W2, W3, Y):
    a = torch.relu(torch.relu(X @ W1) @ W2) @ W3
    return 0.5 * ((a - Y) ** 2).sum() / X.shape[0]


def grad(X, W1, W2, W3, Y):
    N = X.shape[0]
    Ws = [W1, W2, W3]
    acts = [X]
    for l, W in enumerate(Ws):
        z = acts[-1] @ W
        acts.append(torch.relu(z) if l < len(Ws) - 1 else z)
    delta = (acts[-1] - Y) / N
    grads = []
    for l in reversed(range(len(Ws))):
        grads.insert(0, acts[l + 1].T @ delta)  # <- wrong
        delta = (delta @ Ws[l].T) * (acts[l] > 0)
    return tuple(grads)


def grad_fixed(X, W1, W2, W3, Y):
    N = X.shape[0]
    Ws = [W1, W2, W3]
    acts = [X]
    for l, W in enumerate(Ws):
        z = acts[-1] @ W
        acts.append(torch.relu(z) if l < len(Ws) - 1 else z)
    delta = (acts[-1] - Y) / N
    grads = []
    for l in reversed(range(len(Ws))):
        grads.insert(0, acts[l].T @ delta)
        delta = (delta @ Ws[l].T) * (acts[l] > 0)
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": ("N", "H"), "W1": ("H", "H"), "W2": ("H", "H"), "W3": ("H", "H"),
                    "Y": ("N", "H")},
            draws={}, sizes={"N": 5, "H": 4})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_02")
CAUSE = "wrong-layer"
FIX = "dJ/dW_l = a_{l-1}^T delta_l uses the layer's input acts[l], not its output acts[l + 1]."
