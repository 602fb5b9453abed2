"""Backward of Softplus with beta and threshold in PyTorch's ATen kernel (ATen/native/cpu/Activation.cpp, softplus_backward).

Source: https://github.com/pytorch/pytorch/issues/55587 ("`Softplus` forward and backward discrepancy"):
"the `input * beta > threshold` condition becomes `output * beta> threshold`", from the CPU kernel
"scalar_t z = std::exp(b * beta); return (b * beta) > threshold ? a : a * (z - scalar_t(1)) / z;"
where b is the forward's output; fixed by pytorch/pytorch#56484 (also reported as #61568 with beta = 3,
threshold = 1). The forward is linear where input * beta > threshold, so the kernel's linear branch
must test the input; (z - 1) / z with z = exp(beta * output) is sigmoid(beta * input) elsewhere.
The kernel is translated to numpy, element by element with np.where.
Loss: sum(G * softplus(x, beta=3, threshold=1)); x, G (5, 6).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

BETA, THRESHOLD = 3.0, 1.0


def loss(x, G):
    return (G * F.softplus(x, beta=BETA, threshold=THRESHOLD)).sum()


def softplus_forward(x):
    return np.where(x * BETA > THRESHOLD, x, np.log1p(np.exp(np.minimum(x * BETA, THRESHOLD))) / BETA)


def grad(x, G):
    a, b = G, softplus_forward(x)
    z = np.exp(b * BETA)
    grad_input = np.where((b * BETA) > THRESHOLD, a, a * (z - 1.0) / z)  # <- wrong
    return grad_input


def grad_fixed(x, G):
    a, b = G, softplus_forward(x)
    z = np.exp(b * BETA)
    grad_input = np.where((x * BETA) > THRESHOLD, a, a * (z - 1.0) / z)
    return grad_input


SPEC = dict(wrt="x", shapes={"x": (5, 6), "G": (5, 6)})
case = derivation(loss, grad, **SPEC, name="y_softplus_01")
CAUSE = "mask"
FIX = "Choose the linear branch where the input, not the output, exceeds the threshold: (x * beta) > threshold."
