"""Deep leaky-ReLU network of equal widths, torch, layers in a loop (slope 0.1):
a_0 = X, z_l = a_l W_l, a_{l+1} = leaky_relu(z_l), L = sum(G * a_3);
X (N, M), W0, W1, W2 (M, M), G (N, M); N = 4, M = 3.
"""

import torch.nn.functional as F

from verify import derivation

SLOPE = 0.1


def loss(X, W0, W1, W2, G):
    a = X
    for W in (W0, W1, W2):
        a = F.leaky_relu(a @ W, SLOPE)
    return (G * a).sum()


def grad(X, W0, W1, W2, G):
    Ws = [W0, W1, W2]
    acts, pre = [X], []
    for W in Ws:
        z = acts[-1] @ W
        pre.append(z)
        acts.append(F.leaky_relu(z, SLOPE))
    grads = []
    d = G
    for l in reversed(range(len(Ws))):
        dz = d * ((pre[l] > 0).to(d.dtype) * (1 - SLOPE) + SLOPE)
        grads.append(acts[l + 1].T @ dz)  # <- wrong
        d = dz @ Ws[l].T
    return tuple(reversed(grads))


def grad_fixed(X, W0, W1, W2, G):
    Ws = [W0, W1, W2]
    acts, pre = [X], []
    for W in Ws:
        z = acts[-1] @ W
        pre.append(z)
        acts.append(F.leaky_relu(z, SLOPE))
    grads = []
    d = G
    for l in reversed(range(len(Ws))):
        dz = d * ((pre[l] > 0).to(d.dtype) * (1 - SLOPE) + SLOPE)
        grads.append(acts[l].T @ dz)
        d = dz @ Ws[l].T
    return tuple(reversed(grads))


SPEC = dict(wrt=("W0", "W1", "W2"),
            shapes={"X": ("N", "M"), "W0": ("M", "M"), "W1": ("M", "M"), "W2": ("M", "M"), "G": ("N", "M")},
            sizes={"N": 4, "M": 3})
case = derivation(loss, grad, **SPEC, name="p_deeprelu_26")
CAUSE = "wrong-layer"
FIX = "z_l = a_l W_l, so dW_l = a_l^T dz_l: use acts[l], the layer's input, not acts[l + 1], its output."
