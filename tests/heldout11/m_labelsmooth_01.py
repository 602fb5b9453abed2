"""Cross-entropy with label smoothing eps = 0.1 (PyTorch's convention), torch:
q = (1 - eps) onehot(y) + eps / C, L = -1/N sum_n sum_c q_nc log softmax(z_n)_c;
z (N, C), y (N,) labels with N = C = 5.
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 0.1


def loss(z, y):
    return F.cross_entropy(z, y, label_smoothing=EPS)


def grad(z, y):
    N, C = z.shape
    p = torch.softmax(z, dim=1)
    onehot = F.one_hot(y, C).to(z.dtype)
    target = onehot * (1 - EPS) + (1 - onehot) * EPS / (C - 1)  # <- wrong
    dz = (p - target) / N
    return dz


def grad_fixed(z, y):
    N, C = z.shape
    p = torch.softmax(z, dim=1)
    onehot = F.one_hot(y, C).to(z.dtype)
    target = onehot * (1 - EPS) + EPS / C
    dz = (p - target) / N
    return dz


SPEC = dict(wrt="z", shapes={"z": ("N", "C"), "y": ("N",)},
            draws={"y": ("labels", "C")}, sizes={"N": 5, "C": 5})
case = derivation(loss, grad, **SPEC, name="m_labelsmooth_01")
CAUSE = "wrong-coefficient"
FIX = "PyTorch spreads eps / C over every class, the true one included: target = (1 - eps) onehot + eps / C."
