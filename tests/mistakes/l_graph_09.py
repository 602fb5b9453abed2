"""Buying apples on a graph, price = (apple count) tax, backward by hand on Python floats.

apple (), count (), tax () drawn N(0, 1); backward from dprice = 1, last node first.
"""

from verify import derivation


def loss(apple, count, tax):
    return apple * count * tax


def grad(apple, count, tax):
    apple, count, tax = float(apple), float(count), float(tax)
    apple_price = apple * count
    dprice = 1.0
    dapple_price = dprice * tax
    dtax = dprice * apple_price
    dapple = dprice * count  # <- wrong
    dcount = dapple_price * apple
    return dapple, dcount, dtax


def grad_fixed(apple, count, tax):
    apple, count, tax = float(apple), float(count), float(tax)
    apple_price = apple * count
    dprice = 1.0
    dapple_price = dprice * tax
    dtax = dprice * apple_price
    dapple = dapple_price * count
    dcount = dapple_price * apple
    return dapple, dcount, dtax


SPEC = dict(wrt=("apple", "count", "tax"), shapes={"apple": (), "count": (), "tax": ()})
case = derivation(loss, grad, **SPEC, name="l_graph_09")
CAUSE = "wrong-layer"
FIX = "Take dapple from the apple-price node's gradient: dapple = dapple_price * count."
