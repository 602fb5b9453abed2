"""Layer normalisation over the features with gain and bias, forward caching what backward needs,
under an upstream gradient: xhat = (x - mean_j x) / sqrt(var_j x + eps), y = gamma xhat + beta,
L = sum(dout * y); x (N, D), gamma (D,), beta (D,), dout (N, D).
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.layer_norm(x, (x.shape[-1],), gamma, beta, EPS)).sum()


class LayerNorm:
    def __init__(self, gamma, beta, eps=EPS):
        self.gamma, self.beta, self.eps = gamma, beta, eps

    def forward(self, x):
        mu = x.mean(dim=-1, keepdim=True)
        var = ((x - mu) ** 2).mean(dim=-1, keepdim=True)
        rstd = 1.0 / torch.sqrt(var + self.eps)
        xhat = (x - mu) * rstd
        self.cache = (xhat, rstd)
        return self.gamma * xhat + self.beta

    def backward(self, dout):
        xhat, rstd = self.cache
        self.dgamma = (dout * xhat).sum(dim=0)
        self.dbeta = dout.sum(dim=0)
        dxhat = dout * self.gamma
        dx = rstd * (dxhat - dxhat.mean(dim=-1, keepdim=True))  # <- wrong
        return dx


class LayerNormFixed(LayerNorm):
    def backward(self, dout):
        xhat, rstd = self.cache
        self.dgamma = (dout * xhat).sum(dim=0)
        self.dbeta = dout.sum(dim=0)
        dxhat = dout * self.gamma
        dx = rstd * (dxhat - dxhat.mean(dim=-1, keepdim=True) - xhat * (dxhat * xhat).mean(dim=-1, keepdim=True))
        return dx


def grad(x, gamma, beta, dout):
    ln = LayerNorm(gamma, beta)
    ln.forward(x)
    dx = ln.backward(dout)
    return dx, ln.dgamma, ln.dbeta


def grad_fixed(x, gamma, beta, dout):
    ln = LayerNormFixed(gamma, beta)
    ln.forward(x)
    dx = ln.backward(dout)
    return dx, ln.dgamma, ln.dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 3, "D": 5})
case = derivation(loss, grad, **SPEC, name="x_layernorm_01")
CAUSE = "missing-term"
FIX = "The variance depends on x too, so dx also subtracts xhat * mean(dxhat * xhat)."
