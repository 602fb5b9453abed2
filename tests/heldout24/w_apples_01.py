"""A shopping bill as a graph of multiply and add nodes, pure Python:
total = tax * sum_i price_i count_i, differentiated with respect to every input;
price (3,), count (3,), tax (1,).
"""


from verify import derivation


class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None

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


def loss(price, count, tax):
    return ((price * count).sum() * tax).sum()


def grad(price, count, tax):
    muls, adds = [], []
    subtotal = 0.0
    for p, n in zip(price.tolist(), count.tolist()):
        mul, add = MulLayer(), AddLayer()
        subtotal = add.forward(subtotal, mul.forward(p, n))
        muls.append(mul)
        adds.append(add)
    mul_tax = MulLayer()
    mul_tax.forward(subtotal, tax.item())
    dsub, dtax = mul_tax.backward(1.0)
    dprice, dcount = [], []
    for mul, add in zip(reversed(muls), reversed(adds)):
        dsub, ditem = add.backward(dsub)
        dp, dn = mul.backward(ditem)
        dprice.insert(0, dp)
        dcount.insert(0, dn)
    return dprice, dcount, [dtax]


def grad_fixed(price, count, tax):
    muls, adds = [], []
    subtotal = 0.0
    for p, n in zip(price.tolist(), count.tolist()):
        mul, add = MulLayerFixed(), AddLayer()
        subtotal = add.forward(subtotal, mul.forward(p, n))
        muls.append(mul)
        adds.append(add)
    mul_tax = MulLayerFixed()
    mul_tax.forward(subtotal, tax.item())
    dsub, dtax = mul_tax.backward(1.0)
    dprice, dcount = [], []
    for mul, add in zip(reversed(muls), reversed(adds)):
        dsub, ditem = add.backward(dsub)
        dp, dn = mul.backward(ditem)
        dprice.insert(0, dp)
        dcount.insert(0, dn)
    return dprice, dcount, [dtax]


SPEC = dict(wrt=("price", "count", "tax"), shapes={"price": (3,), "count": (3,), "tax": (1,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="w_apples_01")
CAUSE = "wrong-operand"
FIX = "For out = x y the gradient flowing to x is dout times the other input y."
