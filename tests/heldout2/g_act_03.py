"""An ELU layer (alpha = 1.0) in numpy with a cache tuple, checked through
L = sum(dout * elu(x)); x (3, 5), dout (3, 5).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

ALPHA = 1.0


def loss(x, dout):
    return (dout * F.elu(x, alpha=ALPHA)).sum()


def elu_forward(x):
    out = np.where(x > 0, x, ALPHA * (np.exp(x) - 1))
    return out, (x, out)


def elu_backward(dout, cache):
    x, out = cache
    dx = np.where(x > 0, dout, dout * ALPHA * np.exp(out))  # <- wrong
    return dx


def elu_backward_fixed(dout, cache):
    x, out = cache
    dx = np.where(x > 0, dout, dout * (out + ALPHA))
    return dx


def grad(x, dout):
    _, cache = elu_forward(x)
    return elu_backward(dout, cache)


def grad_fixed(x, dout):
    _, cache = elu_forward(x)
    return elu_backward_fixed(dout, cache)


SPEC = dict(wrt="x", shapes={"x": (3, 5), "dout": (3, 5)})
case = derivation(loss, grad, **SPEC, name="g_act_03")
CAUSE = "activation-derivative-of-input"
FIX = "For x <= 0, elu'(x) = alpha exp(x) = out + alpha: exp of the input, not of the output."
