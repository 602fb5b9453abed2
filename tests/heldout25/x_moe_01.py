"""Dense mixture of E linear experts with a softmax gate, backward under an upstream gradient:
g = softmax(x Wg), y_e = x We[e], out = sum_e g_e y_e, L = sum(dout * out);
x (N, D), Wg (D, E), We (E, D, D), dout (N, D).
"""

import torch

from verify import derivation


def loss(x, Wg, We, dout):
    g = torch.softmax(x @ Wg, dim=1)
    Y = torch.einsum("nd,edf->nef", x, We)
    return (dout * (g[:, :, None] * Y).sum(dim=1)).sum()


class MixtureOfExperts:
    def __init__(self, Wg, We):
        self.Wg, self.We = Wg, We

    def forward(self, x):
        g = torch.softmax(x @ self.Wg, dim=1)
        Y = torch.einsum("nd,edf->nef", x, self.We)
        self.cache = (x, g, Y)
        return (g[:, :, None] * Y).sum(dim=1)

    def backward(self, dout):
        x, g, Y = self.cache
        dg = torch.einsum("nf,nef->ne", dout, Y)
        dlogits = g * (dg - (dg * g).sum(dim=1, keepdim=True))
        self.dWg = x.T @ dlogits
        dY = g[:, :, None] * dout[:, None, :]
        self.dWe = torch.einsum("ned,nef->edf", Y, dY)  # <- wrong
        return dlogits @ self.Wg.T + torch.einsum("nef,edf->nd", dY, self.We)


class MixtureOfExpertsFixed(MixtureOfExperts):
    def backward(self, dout):
        x, g, Y = self.cache
        dg = torch.einsum("nf,nef->ne", dout, Y)
        dlogits = g * (dg - (dg * g).sum(dim=1, keepdim=True))
        self.dWg = x.T @ dlogits
        dY = g[:, :, None] * dout[:, None, :]
        self.dWe = torch.einsum("nd,nef->edf", x, dY)
        return dlogits @ self.Wg.T + torch.einsum("nef,edf->nd", dY, self.We)


def grad(x, Wg, We, dout):
    moe = MixtureOfExperts(Wg, We)
    moe.forward(x)
    dx = moe.backward(dout)
    return dx, moe.dWg, moe.dWe


def grad_fixed(x, Wg, We, dout):
    moe = MixtureOfExpertsFixed(Wg, We)
    moe.forward(x)
    dx = moe.backward(dout)
    return dx, moe.dWg, moe.dWe


SPEC = dict(wrt=("x", "Wg", "We"), shapes={"x": ("N", "D"), "Wg": ("D", "E"), "We": ("E", "D", "D"), "dout": ("N", "D")},
            draws={}, sizes={"N": 3, "D": 3, "E": 2})
case = derivation(loss, grad, **SPEC, name="x_moe_01")
CAUSE = "wrong-operand"
FIX = "Each expert's weight gradient pairs the expert's input x with its upstream gradient: dWe[e] = x^T dY_e."
