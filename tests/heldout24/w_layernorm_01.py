"""Layer normalisation over the features of each row, as a layer with a cache:
xhat = (x - mu) / sqrt(var + eps) per row, y = gamma xhat + beta, L = sum(g * y);
x (N, D), gamma (D,), beta (D,), g (N, D).
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


class LayerNorm:
    def __init__(self, gamma, beta, eps=EPS):
        self.gamma, self.beta, self.eps = gamma, beta, eps

    def forward(self, x):
        mu = x.mean(dim=1, keepdim=True)
        var = ((x - mu) ** 2).mean(dim=1, keepdim=True)
        self.rstd = 1.0 / torch.sqrt(var + self.eps)
        self.xhat = (x - mu) * self.rstd
        return self.gamma * self.xhat + self.beta

    def backward(self, dout):
        N, D = dout.shape
        self.dgamma = (dout * self.xhat).sum(dim=0)
        self.dbeta = dout.sum(dim=0)
        dxhat = dout * self.gamma
        dmu_term = dxhat.sum(dim=1, keepdim=True)
        dvar_term = (dxhat * self.xhat).sum(dim=1, keepdim=True)
        dx = self.rstd * (dxhat - (dmu_term + self.xhat * dvar_term) / N)  # <- wrong
        return dx


class LayerNormFixed(LayerNorm):
    def backward(self, dout):
        N, D = dout.shape
        self.dgamma = (dout * self.xhat).sum(dim=0)
        self.dbeta = dout.sum(dim=0)
        dxhat = dout * self.gamma
        dmu_term = dxhat.sum(dim=1, keepdim=True)
        dvar_term = (dxhat * self.xhat).sum(dim=1, keepdim=True)
        dx = self.rstd * (dxhat - (dmu_term + self.xhat * dvar_term) / D)
        return dx


def loss(x, gamma, beta, g):
    return (g * F.layer_norm(x, (x.shape[1],), gamma, beta, eps=EPS)).sum()


def grad(x, gamma, beta, g):
    ln = LayerNorm(gamma, beta)
    ln.forward(x)
    dx = ln.backward(g)
    return dx, ln.dgamma


def grad_fixed(x, gamma, beta, g):
    ln = LayerNormFixed(gamma, beta)
    ln.forward(x)
    dx = ln.backward(g)
    return dx, ln.dgamma


SPEC = dict(wrt=("x", "gamma"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "g": ("N", "D")},
            draws={}, sizes={"N": 3, "D": 5})
case = derivation(loss, grad, **SPEC, name="w_layernorm_01")
CAUSE = "wrong-divisor"
FIX = "Layer norm's statistics are taken over the D features of a row, so the sums are divided by D."
