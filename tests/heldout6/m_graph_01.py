"""Computation-graph layers in the book's style (numpy): out = (x * w - c) * s, elementwise,
L = sum(g * out); x, w, c, s, g all (6,).
"""

import numpy as np

from verify import derivation


class MulLayer:
    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y

    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy


class SubLayer:
    def forward(self, x, y):
        return x - y

    def backward(self, dout):
        dx = dout * 1
        dy = dout * 1  # <- wrong
        return dx, dy


class SubLayerFixed(SubLayer):
    def backward(self, dout):
        dx = dout * 1
        dy = dout * -1
        return dx, dy


def loss(x, w, c, s, g):
    return (g * ((x * w - c) * s)).sum()


def grad(x, w, c, s, g):
    mul_xw = MulLayer()
    sub_c = SubLayer()
    mul_s = MulLayer()
    a = mul_xw.forward(np.asarray(x), np.asarray(w))
    d = sub_c.forward(a, np.asarray(c))
    mul_s.forward(d, np.asarray(s))
    dd, ds = mul_s.backward(np.asarray(g))
    da, dc = sub_c.backward(dd)
    dx, dw = mul_xw.backward(da)
    return dx, dw, dc, ds


def grad_fixed(x, w, c, s, g):
    mul_xw = MulLayer()
    sub_c = SubLayerFixed()
    mul_s = MulLayer()
    a = mul_xw.forward(np.asarray(x), np.asarray(w))
    d = sub_c.forward(a, np.asarray(c))
    mul_s.forward(d, np.asarray(s))
    dd, ds = mul_s.backward(np.asarray(g))
    da, dc = sub_c.backward(dd)
    dx, dw = mul_xw.backward(da)
    return dx, dw, dc, ds


SPEC = dict(wrt=("x", "w", "c", "s"),
            shapes={"x": (6,), "w": (6,), "c": (6,), "s": (6,), "g": (6,)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_graph_01")
CAUSE = "sign"
FIX = "A subtraction node passes -dout to the subtracted input."
