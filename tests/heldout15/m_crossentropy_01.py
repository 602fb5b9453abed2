"""Softmax with the mean cross-entropy over a batch, pure Python:
L = -1/N sum_n sum_c Y_nc log softmax(Z_n)_c; Z (5, 3) logits, Y (5, 3) one-hot.
"""

import math

import torch.nn.functional as F

from verify import derivation


def loss(Z, Y):
    return -(Y * F.log_softmax(Z, dim=1)).sum(1).mean()


def grad(Z, Y):
    Z, Y = Z.tolist(), Y.tolist()
    n = len(Z)
    dZ = []
    for z, y in zip(Z, Y):
        m = max(z)
        e = [math.exp(v - m) for v in z]
        s = sum(e)
        p = [v / s for v in e]
        dZ.append([(pk - yk) / len(z) for pk, yk in zip(p, y)])  # <- wrong
    return dZ


def grad_fixed(Z, Y):
    Z, Y = Z.tolist(), Y.tolist()
    n = len(Z)
    dZ = []
    for z, y in zip(Z, Y):
        m = max(z)
        e = [math.exp(v - m) for v in z]
        s = sum(e)
        p = [v / s for v in e]
        dZ.append([(pk - yk) / n for pk, yk in zip(p, y)])
    return dZ


SPEC = dict(wrt="Z", shapes={"Z": (5, 3), "Y": (5, 3)}, draws={"Y": "onehot"})
case = derivation(loss, grad, **SPEC, name="m_crossentropy_01")
CAUSE = "wrong-divisor"
FIX = "The mean is over the n examples, so divide by n = len(Z), not by the number of classes len(z)."
