"""Inverted dropout as a numpy layer class with the keep mask given as an input: the
forward scales the kept units by 1 / (1 - p), out = x * keep / (1 - p), p = 0.5;
loss = sum(dout * out); x (6, 9), keep (6, 9) of zeros and ones, dout (6, 9).
"""

from verify import derivation

P_DROP = 0.5


class Dropout:
    def __init__(self, p):
        self.p = p

    def forward(self, x, keep):
        self.mask = keep / (1.0 - self.p)
        return x * self.mask

    def backward(self, dout):
        dx = dout / (1.0 - self.p)  # <- wrong
        return dx


class DropoutFixed(Dropout):
    def backward(self, dout):
        dx = dout * self.mask
        return dx


def loss(x, keep, dout):
    return (dout * (x * keep / (1.0 - P_DROP))).sum()


def grad(x, keep, dout):
    layer = Dropout(P_DROP)
    layer.forward(x, keep)
    return layer.backward(dout)


def grad_fixed(x, keep, dout):
    layer = DropoutFixed(P_DROP)
    layer.forward(x, keep)
    return layer.backward(dout)


SPEC = dict(numpy=True, wrt="x", shapes={"x": (6, 9), "keep": (6, 9), "dout": (6, 9)},
            draws={"keep": ("labels", 2)})
case = derivation(loss, grad, **SPEC, name="m_dropout_01")
CAUSE = "mask"
FIX = "The backward must multiply by the same scaled keep mask as the forward, not only 1 / (1 - p)."
