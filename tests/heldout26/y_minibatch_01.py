"""Averaging of a dense layer's weight gradient over the minibatch in deeplearning4j (2016), with a minibatch of one example.

Source: https://github.com/deeplearning4j/deeplearning4j/pull/1452 ("Fix backprop for minibatch size of
1: switch .slices() to .size(0)"): "Fixes backprop gradients being divided by wrong amount for minibatch
size of 1". The gradient of the minibatch-averaged loss is input^T delta divided by the number of
examples, input.size(0); for a 1 x nIn input (a row vector) ND4J's slices() does not count the one row
but the nIn entries of the vector. Translated to numpy, slices() written out for the row-vector case.
Loss: (1/N) sum(delta * (input @ W)) with N = 1 example; input (N, 5), W (5, 3), delta (N, 3).
"""


from verify import derivation


def loss(input, W, delta):
    return (delta * (input @ W)).sum() / input.shape[0]


def slices(a):
    return a.shape[1] if a.shape[0] == 1 else a.shape[0]


def grad(input, W, delta):
    weightGrad = input.T @ delta
    weightGrad = weightGrad / slices(input)  # <- wrong
    return weightGrad


def grad_fixed(input, W, delta):
    weightGrad = input.T @ delta
    weightGrad = weightGrad / input.shape[0]
    return weightGrad


SPEC = dict(wrt="W", shapes={"input": ("N", 5), "W": (5, 3), "delta": ("N", 3)}, sizes={"N": 1})
case = derivation(loss, grad, **SPEC, name="y_minibatch_01")
CAUSE = "wrong-divisor"
FIX = "Divide by the number of examples, input.size(0), which slices() does not give for a one-row minibatch."
