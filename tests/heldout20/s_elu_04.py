"""ELU backward in apache/mxnet (src/operator/mshadow_op.h, elu_grad, used by LeakyReLU act_type='elu').

Source: https://github.com/apache/mxnet/pull/1265. The backward of LeakyReLU calls
`F<mshadow_op::elu_grad>(output, slope) * grad`, i.e. the derivative functor receives the layer's
*output*, but elu_grad was written in terms of the input:
    return x > 0.0f ? 1.0f : a * expf(x);
As the PR says, for x < 0 the output is a (exp(x) - 1), whose derivative a exp(x) equals output + a,
so the functor must return `a + x` when called with the output. The fix changed that one expression.
Slope a = 0.25 (mxnet's default). Loss: sum(grad_out * elu(data)); data, grad_out (3, 4).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

SLOPE = 0.25


def loss(data, grad_out):
    return (grad_out * F.elu(data, alpha=SLOPE)).sum()


def elu(x, a):
    return np.where(x > 0.0, x, a * (np.exp(x) - 1.0))


def elu_grad(x, a):
    return np.where(x > 0.0, 1.0, a * np.exp(x))  # <- wrong


def elu_grad_fixed(x, a):
    return np.where(x > 0.0, 1.0, a + x)


def grad(data, grad_out):
    output = elu(data, SLOPE)
    return elu_grad(output, SLOPE) * grad_out


def grad_fixed(data, grad_out):
    output = elu(data, SLOPE)
    return elu_grad_fixed(output, SLOPE) * grad_out


SPEC = dict(wrt="data", shapes={"data": (3, 4), "grad_out": (3, 4)})
case = derivation(loss, grad, **SPEC, name="s_elu_04")
CAUSE = "activation-derivative-of-input"
FIX = "Since elu_grad receives the ELU output y, its negative branch must be a + y, not the input-form a * exp(y)."
