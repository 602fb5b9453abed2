"""Buying apples and oranges with layer objects (Deep Learning from Scratch style):
price = (apple * apple_num + orange * orange_num) * tax, elementwise over 3 shops,
backward from dprice = 1; every input has shape (3,).
"""

import torch

from verify import derivation


class MulLayer:
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
        return dout, dout


def loss(apple, apple_num, orange, orange_num, tax):
    return ((apple * apple_num + orange * orange_num) * tax).sum()


def grad(apple, apple_num, orange, orange_num, tax):
    mul_apple, mul_orange, mul_tax = MulLayer(), MulLayer(), MulLayer()
    add_fruit = AddLayer()
    apple_price = mul_apple.forward(apple, apple_num)
    orange_price = mul_orange.forward(orange, orange_num)
    all_price = add_fruit.forward(apple_price, orange_price)
    mul_tax.forward(all_price, tax)
    dall_price, dtax = mul_tax.backward(torch.ones_like(tax))
    dapple_price, dorange_price = add_fruit.backward(dall_price)
    dorange, dorange_num = mul_orange.backward(dorange_price)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    return dapple, dapple_num, dorange, dorange_num, dtax


def grad_fixed(apple, apple_num, orange, orange_num, tax):
    mul_apple, mul_orange, mul_tax = MulLayerFixed(), MulLayerFixed(), MulLayerFixed()
    add_fruit = AddLayer()
    apple_price = mul_apple.forward(apple, apple_num)
    orange_price = mul_orange.forward(orange, orange_num)
    all_price = add_fruit.forward(apple_price, orange_price)
    mul_tax.forward(all_price, tax)
    dall_price, dtax = mul_tax.backward(torch.ones_like(tax))
    dapple_price, dorange_price = add_fruit.backward(dall_price)
    dorange, dorange_num = mul_orange.backward(dorange_price)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    return dapple, dapple_num, dorange, dorange_num, dtax


SPEC = dict(wrt=("apple", "apple_num", "orange", "orange_num", "tax"),
            shapes={"apple": (3,), "apple_num": (3,), "orange": (3,), "orange_num": (3,),
                    "tax": (3,)})
case = derivation(loss, grad, **SPEC, name="g_graph_01")
CAUSE = "return-order"
FIX = "backward returns the gradients in the order forward took its inputs: dx, dy."
