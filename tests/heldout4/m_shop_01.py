"""The apples-and-oranges shopping graph of "Deep Learning from Scratch" with MulLayer and
AddLayer classes, numpy: price = (apple * apple_num + orange * orange_num) * tax, backward
from dprice = 1; all inputs positive scalars. Gradients of apple, apple_num, orange,
orange_num, tax, in that order.
"""


from verify import derivation


class MulLayer:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class AddLayer:
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout, dout


def loss(apple, apple_num, orange, orange_num, tax):
    return (apple * apple_num + orange * orange_num) * tax


def grad(apple, apple_num, orange, orange_num, tax):
    mul_apple, mul_orange, add_fruit, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    apple_price = mul_apple.forward(apple, apple_num)
    orange_price = mul_orange.forward(orange, orange_num)
    all_price = add_fruit.forward(apple_price, orange_price)
    mul_tax.forward(all_price, tax)
    dall_price, dtax = mul_tax.backward(1.0)
    dapple_price, dorange_price = add_fruit.backward(dall_price)
    dorange, dorange_num = mul_orange.backward(dorange_price)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    return dapple, dorange, dapple_num, dorange_num, dtax  # <- wrong


def grad_fixed(apple, apple_num, orange, orange_num, tax):
    mul_apple, mul_orange, add_fruit, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    apple_price = mul_apple.forward(apple, apple_num)
    orange_price = mul_orange.forward(orange, orange_num)
    all_price = add_fruit.forward(apple_price, orange_price)
    mul_tax.forward(all_price, tax)
    dall_price, dtax = mul_tax.backward(1.0)
    dapple_price, dorange_price = add_fruit.backward(dall_price)
    dorange, dorange_num = mul_orange.backward(dorange_price)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    return dapple, dapple_num, dorange, dorange_num, dtax


SPEC = dict(wrt=("apple", "apple_num", "orange", "orange_num", "tax"), numpy=True,
            shapes={"apple": (), "apple_num": (), "orange": (), "orange_num": (), "tax": ()},
            draws={"apple": "positive", "apple_num": "positive", "orange": "positive",
                   "orange_num": "positive", "tax": "positive"})
case = derivation(loss, grad, **SPEC, name="m_shop_01")
CAUSE = "return-order"
FIX = "Return the gradients in the order of the arguments: dapple, dapple_num, dorange, dorange_num, dtax."
