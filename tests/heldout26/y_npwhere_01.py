"""Backward of mxnet.np.where with a scalar third argument (src/operator/numpy/np_where_op.cc).

Source: https://github.com/apache/mxnet/issues/17893 ("[Bug][Numpy] Wrong gradient of np.where"):
with a = [1, 0, 1], c = mx.np.where(a, b, -1) gave b.grad = [0, 1, 0], while
mx.np.where(a, b, mx.np.array([-1, -1, -1])) gave the correct [1, 0, 1]; "I think that there might be
some issue in the backward + scalar case of where"; "Fixed in
https://github.com/apache/incubator-mxnet/pull/17899". The gradient of where(cond, x, scalar) reaches x
where cond holds; the scalar branch sent it where cond is false. In numpy.
Loss: sum(dout * where(cond, x, -1)); cond (4, 5) in {0, 1}, x, dout (4, 5).
"""

import numpy as np
import torch

from verify import derivation

SCALAR = -1.0


def loss(cond, x, dout):
    return (dout * torch.where(cond.bool(), x, torch.full_like(x, SCALAR))).sum()


def where_scalar_backward(cond, dout):
    return np.where(cond != 0, np.zeros_like(dout), dout)  # <- wrong


def where_scalar_backward_fixed(cond, dout):
    return np.where(cond != 0, dout, np.zeros_like(dout))


def grad(cond, x, dout):
    return where_scalar_backward(cond, dout)


def grad_fixed(cond, x, dout):
    return where_scalar_backward_fixed(cond, dout)


SPEC = dict(wrt="x", shapes={"cond": (4, 5), "x": (4, 5), "dout": (4, 5)}, draws={"cond": ("labels", 2)})
case = derivation(loss, grad, **SPEC, name="y_npwhere_01")
CAUSE = "mask"
FIX = "Route the output gradient to x where the condition holds and send zeros elsewhere."
