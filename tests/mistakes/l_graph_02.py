"""Buying apples on a graph, price = (apple count) tax, with one multiply node class in numpy.

apple (), count (), tax () drawn N(0, 1); backward from dprice = 1, last node first.
"""

import numpy as np

from verify import derivation


class MulLayer:
    def forward(self, x, y):
        self.x = x
        self.y = y
        return np.multiply(x, y)

    def backward(self, dout):
        dx = dout * self.x  # <- wrong
        dy = dout * self.x
        return dx, dy


class MulLayerFixed(MulLayer):
    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy


def loss(apple, count, tax):
    return apple * count * tax


def _backward(layer, apple, count, tax):
    apple_layer, tax_layer = layer(), layer()
    apple_price = apple_layer.forward(apple, count)
    tax_layer.forward(apple_price, tax)
    dapple_price, dtax = tax_layer.backward(np.ones_like(apple_price))
    dapple, dcount = apple_layer.backward(dapple_price)
    return dapple, dcount, dtax


def grad(apple, count, tax):
    return _backward(MulLayer, apple, count, tax)


def grad_fixed(apple, count, tax):
    return _backward(MulLayerFixed, apple, count, tax)


SPEC = dict(wrt=("apple", "count", "tax"), shapes={"apple": (), "count": (), "tax": ()})
case = derivation(loss, grad, **SPEC, name="l_graph_02")
CAUSE = "wrong-operand"
FIX = "A multiply node's dx is dout times the OTHER input: dx = dout * self.y."
