"""Two-layer ReLU regressor trained with mse_loss, torch, manual backward.

h = relu(x W1 + b1), out = h W2, L = mse_loss(out, T); x (3, 4), W1 (4, 6), b1 (6,),
W2 (6, 2), T (3, 2).  Gradients with respect to W1, b1 and W2.
Mistake: the ReLU mask is taken as h >= 0, which is true everywhere since h = relu(z) >= 0;
it should be h > 0 (equivalently z > 0).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(W1, b1, W2, x, T):
    return F.mse_loss(torch.relu(x @ W1 + b1) @ W2, T)


def grad(W1, b1, W2, x, T):
    h = torch.clamp(x @ W1 + b1, min=0)
    out = h @ W2
    dout = 2 * (out - T) / out.numel()
    dW2 = h.T @ dout
    dh = dout @ W2.T
    dz = dh * (h >= 0)  # <- wrong
    dW1 = x.T @ dz
    db1 = dz.sum(dim=0)
    return dW1, db1, dW2


def grad_fixed(W1, b1, W2, x, T):
    h = torch.clamp(x @ W1 + b1, min=0)
    out = h @ W2
    dout = 2 * (out - T) / out.numel()
    dW2 = h.T @ dout
    dh = dout @ W2.T
    dz = dh * (h > 0)
    dW1 = x.T @ dz
    db1 = dz.sum(dim=0)
    return dW1, db1, dW2


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"W1": (4, 6), "b1": (6,), "W2": (6, 2), "x": (3, 4), "T": (3, 2)})
case = derivation(loss, grad, **SPEC, name="t_relu_32")
CAUSE = "mask"
FIX = "ReLU passes gradient only where it is active, so the mask is h > 0, not h >= 0."
