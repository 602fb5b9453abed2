"""The shopping example built from MulLayer and AddLayer classes (the "deep learning from
scratch" style), pure Python on scalars: price = (apple * n_apple + orange * n_orange) * tax;
backward from dprice = 1 gives the gradient for every input.
"""

import torch  # noqa: F401  (the loss is written with tensors)

from verify import derivation


def loss(apple, n_apple, orange, n_orange, tax):
    return (apple * n_apple + orange * n_orange) * tax


class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y

    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dy, dx  # <- wrong


class MulLayerFixed(MulLayer):
    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy


class AddLayer:
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout * 1, dout * 1


def grad(apple, n_apple, orange, n_orange, tax):
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    apple_price = mul_apple.forward(float(apple), float(n_apple))
    orange_price = mul_orange.forward(float(orange), float(n_orange))
    total = add.forward(apple_price, orange_price)
    mul_tax.forward(total, float(tax))
    dtotal, dtax = mul_tax.backward(1.0)
    dapple_price, dorange_price = add.backward(dtotal)
    dorange, dn_orange = mul_orange.backward(dorange_price)
    dapple, dn_apple = mul_apple.backward(dapple_price)
    return dapple, dn_apple, dorange, dn_orange, dtax


def grad_fixed(apple, n_apple, orange, n_orange, tax):
    mul_apple, mul_orange, add, mul_tax = MulLayerFixed(), MulLayerFixed(), AddLayer(), MulLayerFixed()
    apple_price = mul_apple.forward(float(apple), float(n_apple))
    orange_price = mul_orange.forward(float(orange), float(n_orange))
    total = add.forward(apple_price, orange_price)
    mul_tax.forward(total, float(tax))
    dtotal, dtax = mul_tax.backward(1.0)
    dapple_price, dorange_price = add.backward(dtotal)
    dorange, dn_orange = mul_orange.backward(dorange_price)
    dapple, dn_apple = mul_apple.backward(dapple_price)
    return dapple, dn_apple, dorange, dn_orange, dtax


SPEC = dict(wrt=("apple", "n_apple", "orange", "n_orange", "tax"),
            shapes={"apple": (), "n_apple": (), "orange": (), "n_orange": (), "tax": ()},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_mulnode_01")
CAUSE = "return-order"
FIX = "backward must return the gradients in the order of forward's inputs: return dx, dy."
