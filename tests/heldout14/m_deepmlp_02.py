"""Deep tanh MLP (two hidden layers, linear output) with a halved summed squared error,
torch, backpropagation as a loop over layers:
a_0 = X, a_l = tanh(a_{l-1} W_l) for l = 1, 2, Y = a_2 W_3, L = (1/2) sum (Y - T)^2;
X (N, D), W1 (D, H), W2 (H, H), W3 (H, K), T (N, K).
"""

import torch

from verify import derivation


def loss(X, W1, W2, W3, T):
    a = torch.tanh(X @ W1)
    a = torch.tanh(a @ W2)
    return 0.5 * ((a @ W3 - T) ** 2).sum()


def grad(X, W1, W2, W3, T):
    Ws = [W1, W2, W3]
    a = [X]
    for W in Ws[:-1]:
        a.append(torch.tanh(a[-1] @ W))
    Y = a[-1] @ Ws[-1]
    delta = Y - T
    dWs = [None] * len(Ws)
    for l in range(len(Ws) - 1, -1, -1):
        dWs[l] = a[l].T @ delta
        if l > 0:
            delta = delta @ Ws[l].T  # <- wrong
    return tuple(dWs)


def grad_fixed(X, W1, W2, W3, T):
    Ws = [W1, W2, W3]
    a = [X]
    for W in Ws[:-1]:
        a.append(torch.tanh(a[-1] @ W))
    Y = a[-1] @ Ws[-1]
    delta = Y - T
    dWs = [None] * len(Ws)
    for l in range(len(Ws) - 1, -1, -1):
        dWs[l] = a[l].T @ delta
        if l > 0:
            delta = (delta @ Ws[l].T) * (1 - a[l] ** 2)
    return tuple(dWs)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "H"), "W3": ("H", "K"),
                    "T": ("N", "K")},
            draws={}, sizes={"N": 4, "D": 3, "H": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_02")
CAUSE = "activation-derivative-missing"
FIX = "Each hidden delta is multiplied by tanh'(z_l) = 1 - a_l^2 after going back through W_{l+1}^T."
