"""Two-layer classifier in torch without autograd: z1 = x W1 + b1, h = leaky_relu(z1, 0.1),
s = h W2 + b2, L = mean cross-entropy(s, y); x (6, 4), W1 (4, 5), b1 (5,), W2 (5, 3), b2 (3,),
integer labels y (6,) in 0..2.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W1, b1, W2, b2, y):
    h = F.leaky_relu(x @ W1 + b1, 0.1)
    return F.cross_entropy(h @ W2 + b2, y)


def grad(x, W1, b1, W2, b2, y):
    N = x.shape[0]
    z1 = x @ W1 + b1
    h = torch.where(z1 > 0, z1, 0.1 * z1)
    s = h @ W2 + b2
    p = torch.softmax(s, dim=1)
    Y = (y[:, None] == torch.arange(s.shape[1])).to(p.dtype)
    ds = (p - Y) / N
    dW2 = z1.T @ ds  # <- wrong
    db2 = ds.sum(dim=0)
    dh = ds @ W2.T
    dz1 = torch.where(z1 > 0, dh, 0.1 * dh)
    dW1 = x.T @ dz1
    db1 = dz1.sum(dim=0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, y):
    N = x.shape[0]
    z1 = x @ W1 + b1
    h = torch.where(z1 > 0, z1, 0.1 * z1)
    s = h @ W2 + b2
    p = torch.softmax(s, dim=1)
    Y = (y[:, None] == torch.arange(s.shape[1])).to(p.dtype)
    ds = (p - Y) / N
    dW2 = h.T @ ds
    db2 = ds.sum(dim=0)
    dh = ds @ W2.T
    dz1 = torch.where(z1 > 0, dh, 0.1 * dh)
    dW1 = x.T @ dz1
    db1 = dz1.sum(dim=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": (6, 4), "W1": (4, 5), "b1": (5,), "W2": (5, 3), "b2": (3,), "y": (6,)},
            draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="k_mlp_02")
CAUSE = "wrong-operand"
FIX = "The second layer's input is the activation h, not the pre-activation z1: dW2 = h.T @ ds."
