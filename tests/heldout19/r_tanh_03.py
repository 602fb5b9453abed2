"""Tanh activation backward of yizt/numpy_neural_network (nn/activations.py); L = sum(next_dz * tanh(z)).

Source: https://github.com/yizt/numpy_neural_network/issues/6 ("激活函数Tanh的反向传播"):
    def tanh_backward(next_dz):
        return 1 - np.square(np.tanh(next_dz))
should be
    def tanh_backward(next_dz, z):
        return next_dz*(1 - np.square(np.tanh(z)))
acknowledged and fixed by the author ("已修正"). The derivative was taken at the upstream gradient
and never multiplied by it. (Here both versions take z, so that they differ in one line.)
z (4, 6), next_dz (4, 6).
"""

import numpy as np
import torch

from verify import derivation


def loss(z, next_dz):
    return (next_dz * torch.tanh(z)).sum()


def tanh_backward(next_dz, z):
    return 1 - np.square(np.tanh(next_dz))  # <- wrong


def tanh_backward_fixed(next_dz, z):
    return next_dz * (1 - np.square(np.tanh(z)))


def grad(z, next_dz):
    return tanh_backward(next_dz, z)


def grad_fixed(z, next_dz):
    return tanh_backward_fixed(next_dz, z)


SPEC = dict(wrt="z", shapes={"z": (4, 6), "next_dz": (4, 6)})
case = derivation(loss, grad, **SPEC, name="r_tanh_03")
CAUSE = "activation-derivative-of-input"
FIX = "tanh' is evaluated at the layer's input z and multiplies the upstream gradient: next_dz * (1 - tanh(z)^2)."
