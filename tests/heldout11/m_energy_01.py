"""Elastic energy of a chain of point masses joined by springs, pure Python:
E = sum_i K/2 (r_i - L0)^2, r_i = ||x_{i+1} - x_i||, K = 3, L0 = 1;
x (5, 2): five positions in the plane; the gradient dE/dx (5, 2).
"""

import math

import torch

from verify import derivation

K = 3.0
L0 = 1.0


def loss(x):
    r = torch.sqrt(((x[1:] - x[:-1]) ** 2).sum(dim=1))
    return (0.5 * K * (r - L0) ** 2).sum()


def grad(x):
    pos = x.tolist()
    g = [[0.0, 0.0] for _ in pos]
    for i in range(len(pos) - 1):
        ex = pos[i + 1][0] - pos[i][0]
        ey = pos[i + 1][1] - pos[i][1]
        r = math.sqrt(ex * ex + ey * ey)
        f = -K * (r - L0)  # <- wrong
        g[i + 1][0] += f * ex / r
        g[i + 1][1] += f * ey / r
        g[i][0] -= f * ex / r
        g[i][1] -= f * ey / r
    return g


def grad_fixed(x):
    pos = x.tolist()
    g = [[0.0, 0.0] for _ in pos]
    for i in range(len(pos) - 1):
        ex = pos[i + 1][0] - pos[i][0]
        ey = pos[i + 1][1] - pos[i][1]
        r = math.sqrt(ex * ex + ey * ey)
        f = K * (r - L0)
        g[i + 1][0] += f * ex / r
        g[i + 1][1] += f * ey / r
        g[i][0] -= f * ex / r
        g[i][1] -= f * ey / r
    return g


SPEC = dict(wrt="x", shapes={"x": (5, 2)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_energy_01")
CAUSE = "sign"
FIX = "The spring's force -K (r - L0) is minus the gradient: dE/dr = K (r - L0)."
