"""Group normalisation of feature vectors with per-channel scale and shift, a layer class, numpy:
the C channels of each row split into G = 2 groups, each normalised by its own mean and
variance, y = gamma * xhat + beta, L = sum(dout * y); x (N, C), gamma (C,), beta (C,), dout (N, C).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

G = 2
EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.group_norm(x, G, gamma, beta, eps=EPS)).sum()


class GroupNorm:
    def __init__(self, gamma, beta, groups):
        self.gamma, self.beta, self.groups = gamma, beta, groups

    def forward(self, x):
        N, C = x.shape
        xg = x.reshape(N, self.groups, C // self.groups)
        mu = xg.mean(axis=2, keepdims=True)
        var = xg.var(axis=2, keepdims=True)
        self.rstd = 1.0 / np.sqrt(var + EPS)
        self.xhat_g = (xg - mu) * self.rstd
        self.xhat = self.xhat_g.reshape(N, C)
        return self.gamma * self.xhat + self.beta

    def backward(self, dout):
        N, C = dout.shape
        self.dgamma = np.sum(dout * self.xhat, axis=0)
        self.dbeta = np.sum(dout, axis=0)
        g = (dout * self.gamma).reshape(N, self.groups, C // self.groups)
        xh = self.xhat_g
        dxg = self.rstd * (g - g.mean(axis=2, keepdims=True) - xh * (g * xh).mean(axis=2, keepdims=True))
        return dxg.reshape(N, C)


def grad(x, gamma, beta, dout):
    gn = GroupNorm(gamma, beta, G)
    gn.forward(x)
    dx = gn.backward(dout)
    return dx, gn.dbeta, gn.dgamma  # <- wrong


def grad_fixed(x, gamma, beta, dout):
    gn = GroupNorm(gamma, beta, G)
    gn.forward(x)
    dx = gn.backward(dout)
    return dx, gn.dgamma, gn.dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "C"), "gamma": ("C",), "beta": ("C",), "dout": ("N", "C")},
            draws={}, sizes={"N": 3, "C": 6})
case = derivation(loss, grad, **SPEC, name="m_groupnorm_01")
CAUSE = "return-order"
FIX = "wrt is (x, gamma, beta), so return dx, gn.dgamma, gn.dbeta."
