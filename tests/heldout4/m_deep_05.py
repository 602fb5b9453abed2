"""A deep ELU network (alpha = 1) with a loop over layers, torch: h_0 = x,
h_l = elu(h_(l-1) W_l) for l = 1, 2, 3, y = h_3 W4, E = 1/2 sum (y - t)^2; x (N, D),
W1 (D, H), W2 (H, H), W3 (H, H), W4 (H, K), t (N, K), N = 3, D = 4, H = 5, K = 2.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def elu_grad(z):
    return torch.where(z > 0, torch.ones_like(z), torch.exp(torch.clamp(z, max=0)))


def loss(x, W1, W2, W3, W4, t):
    h = x
    for W in (W1, W2, W3):
        h = F.elu(h @ W)
    return 0.5 * ((h @ W4 - t) ** 2).sum()


def grad(x, W1, W2, W3, W4, t):
    Ws = [W1, W2, W3, W4]
    hs, zs = [x], []
    for W in Ws[:-1]:
        zs.append(hs[-1] @ W)
        hs.append(F.elu(zs[-1]))
    dz = hs[-1] @ W4 - t
    grads = [None] * len(Ws)
    for layer in reversed(range(len(Ws))):
        grads[layer] = hs[layer].T @ dz
        if layer > 0:
            dh = dz @ Ws[layer].T
            dz = dh  # <- wrong
    return tuple(grads)


def grad_fixed(x, W1, W2, W3, W4, t):
    Ws = [W1, W2, W3, W4]
    hs, zs = [x], []
    for W in Ws[:-1]:
        zs.append(hs[-1] @ W)
        hs.append(F.elu(zs[-1]))
    dz = hs[-1] @ W4 - t
    grads = [None] * len(Ws)
    for layer in reversed(range(len(Ws))):
        grads[layer] = hs[layer].T @ dz
        if layer > 0:
            dh = dz @ Ws[layer].T
            dz = dh * elu_grad(zs[layer - 1])
    return tuple(grads)


SPEC = dict(wrt=("W1", "W2", "W3", "W4"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "H"), "W3": ("H", "H"),
                    "W4": ("H", "K"), "t": ("N", "K")},
            sizes={"N": 3, "D": 4, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_deep_05")
CAUSE = "activation-derivative-missing"
FIX = "Each step of the recursion multiplies by the ELU's derivative: dz = dh * elu'(z of that layer)."
