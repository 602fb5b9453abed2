"""andersbll/nnet, nnet/helpers.py, tanh_d; issue #4 (https://github.com/andersbll/nnet/issues/4):
"tanh_d(x): e = np.exp(2*x); return (e-1)/(e+1) ... should modify into e = tanh(x); return 1-e**2"
((e-1)/(e+1) is tanh itself, not its derivative). Activation('tanh').bprop returns
output_grad*self.fun_d(self.last_input). x (4, 3), output_grad (4, 3), L = sum(output_grad * tanh(x)).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, output_grad):
    return (output_grad * torch.tanh(x)).sum()


def tanh_d(x):
    e = np.exp(2*x)
    return (e-1)/(e+1)  # <- wrong


def tanh_d_fixed(x):
    e = np.exp(2*x)
    return 1 - ((e-1)/(e+1))**2


def grad(x, output_grad):
    last_input = x
    return output_grad*tanh_d(last_input)


def grad_fixed(x, output_grad):
    last_input = x
    return output_grad*tanh_d_fixed(last_input)


SPEC = dict(wrt="x", shapes={"x": (4, 3), "output_grad": (4, 3)})
case = derivation(loss, grad, **SPEC, name="q_tanh_05")
CAUSE = "activation-derivative-of-input"
FIX = "(e-1)/(e+1) is tanh(x) itself; its derivative is 1 - tanh(x)**2 = 1 - ((e-1)/(e+1))**2."
