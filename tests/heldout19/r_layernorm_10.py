"""LayerNorm affine-parameter gradients as OneFlow's eager autograd function hands them out, in numpy.

Source: https://github.com/Oneflow-Inc/oneflow/pull/6149 ("fix backward index for gamma beta"):
in eager mode layernorm's forward matched torch but "weight, bias 的 grad 和 torch 的是相反过来"
(the weight and bias gradients came out swapped): the functional's results were assigned to the
wrong slots, fixed to
    in_grads->at(1) = results->at(0);  // For gamma.
    in_grads->at(2) = results->at(1);  // For beta.
Here LayerNormParamGrad returns (gamma_diff, beta_diff) and the bug is the unpacking.
x (4, 6), gamma (6,), beta (6,), dy (4, 6); y = gamma * (x - mean) / sqrt(var + eps) + beta, L = sum(dy * y).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dy):
    return (dy * F.layer_norm(x, (x.shape[-1],), gamma, beta, EPS)).sum()


def layer_norm_param_grad(dy, x, mean, inv_variance):
    normalized = (x - mean) * inv_variance
    return np.sum(dy * normalized, axis=0), np.sum(dy, axis=0)


def grad(x, gamma, beta, dy):
    mean = x.mean(axis=1, keepdims=True)
    inv_variance = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + EPS)
    results = layer_norm_param_grad(dy, x, mean, inv_variance)
    gamma_grad, beta_grad = results[1], results[0]  # <- wrong
    return gamma_grad, beta_grad


def grad_fixed(x, gamma, beta, dy):
    mean = x.mean(axis=1, keepdims=True)
    inv_variance = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + EPS)
    results = layer_norm_param_grad(dy, x, mean, inv_variance)
    gamma_grad, beta_grad = results[0], results[1]
    return gamma_grad, beta_grad


SPEC = dict(wrt=("gamma", "beta"), shapes={"x": (4, 6), "gamma": (6,), "beta": (6,), "dy": (4, 6)})
case = derivation(loss, grad, **SPEC, name="r_layernorm_10")
CAUSE = "return-order"
FIX = "LayerNormParamGrad returns (gamma_diff, beta_diff), so gamma takes results[0] and beta results[1]."
