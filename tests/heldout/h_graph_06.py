"""The buying-fruit graph with multiply and add nodes, per item of a basket:
price = sum_k (apple_k count_k + orange_k ocount_k) tax_k;
apple, count, orange, ocount, tax (K,).
"""

import numpy as np

from verify import derivation


class MulLayer:
    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y

    def backward(self, dout):
        dx = dout * self.x  # <- wrong
        dy = dout * self.x
        return dx, dy


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


def loss(apple, count, orange, ocount, tax):
    return ((apple * count + orange * ocount) * tax).sum()


def grad(apple, count, orange, ocount, tax):
    mul_apple, mul_orange = MulLayer(), MulLayer()
    add_fruit, mul_tax = AddLayer(), MulLayer()
    apple_price = mul_apple.forward(apple, count)
    orange_price = mul_orange.forward(orange, ocount)
    all_price = add_fruit.forward(apple_price, orange_price)
    mul_tax.forward(all_price, tax)
    dall_price, dtax = mul_tax.backward(np.ones_like(tax))
    dapple_price, dorange_price = add_fruit.backward(dall_price)
    dapple, dcount = mul_apple.backward(dapple_price)
    return dapple, dcount, dtax


def grad_fixed(apple, count, orange, ocount, tax):
    mul_apple, mul_orange = MulLayerFixed(), MulLayerFixed()
    add_fruit, mul_tax = AddLayer(), MulLayerFixed()
    apple_price = mul_apple.forward(apple, count)
    orange_price = mul_orange.forward(orange, ocount)
    all_price = add_fruit.forward(apple_price, orange_price)
    mul_tax.forward(all_price, tax)
    dall_price, dtax = mul_tax.backward(np.ones_like(tax))
    dapple_price, dorange_price = add_fruit.backward(dall_price)
    dapple, dcount = mul_apple.backward(dapple_price)
    return dapple, dcount, dtax


SPEC = dict(wrt=("apple", "count", "tax"),
            shapes={"apple": ("K",), "count": ("K",), "orange": ("K",), "ocount": ("K",),
                    "tax": ("K",)},
            sizes={"K": 4})
case = derivation(loss, grad, **SPEC, name="h_graph_06")
CAUSE = "wrong-operand"
FIX = "A multiply node sends each input the other input times dout: dx = dout * self.y."
