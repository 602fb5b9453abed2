"""tanh derivative in davidrmiller/neural2d (neural2d-core.cpp, transferFunctionDerivativeTanh).

Source: https://github.com/davidrmiller/neural2d/issues/40 ("Are the TF derivatives correctly
implemented?"). The derivative is written for the neuron's weighted input,
    float transferFunctionDerivativeTanh(float x) { return 1.0f - tanh(x) * tanh(x); }
but backprop calls it with the neuron's stored *output*, which is already tanh(sum), so tanh is
applied twice; as the reporter shows, it must be called with the same x as the transfer function
(or be written 1 - output^2). Translated to numpy.
Loss: sum(G * tanh(s)); s (the weighted sums), G (3, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(s, G):
    return (G * torch.tanh(s)).sum()


def transfer_function_derivative_tanh(x):
    return 1.0 - np.tanh(x) * np.tanh(x)


def grad(s, G):
    output = np.tanh(s)
    gradient = G * transfer_function_derivative_tanh(output)  # <- wrong
    return gradient


def grad_fixed(s, G):
    output = np.tanh(s)
    gradient = G * transfer_function_derivative_tanh(s)
    return gradient


SPEC = dict(wrt="s", shapes={"s": (3, 4), "G": (3, 4)})
case = derivation(loss, grad, **SPEC, name="s_tanh_12")
CAUSE = "activation-derivative-of-input"
FIX = "Evaluate 1 - tanh(x)^2 at the weighted input, not at the neuron output (or use 1 - output^2)."
