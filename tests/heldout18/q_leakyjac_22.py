"""MachineLearningLifeScience/stochman issue #10 (https://github.com/MachineLearningLifeScience/stochman/issues/10),
fixed by PR #13 (https://github.com/MachineLearningLifeScience/stochman/pull/13), nnj.LeakyReLU._jacobian:
the Jacobian copied Hardtanh's (jac = zeros; jac[val.abs() < 1.0] = 1.0); the fix sets 1 everywhere
and negative_slope where x < 0 ("Fixes test to also capture the negative case"). Reduced to the
masking line. x (4, 5), upstream G (4, 5), negative_slope 0.01, L = sum(G * leaky_relu(x)).
"""

import torch

from verify import derivation


def loss(x, G):
    return (G * torch.nn.functional.leaky_relu(x, 0.01)).sum()


class LeakyReLU:
    negative_slope = 0.01

    def _jacobian(self, x, val):
        jac = torch.zeros_like(val)
        jac[val.abs() < 1.0] = 1.0  # <- wrong
        return jac


class LeakyReLUFixed(LeakyReLU):
    def _jacobian(self, x, val):
        jac = torch.zeros_like(val)
        jac = torch.where(x < 0.0, torch.full_like(val, self.negative_slope), torch.ones_like(val))
        return jac


def grad(x, G):
    layer = LeakyReLU()
    val = torch.nn.functional.leaky_relu(x, layer.negative_slope)
    return G * layer._jacobian(x, val)


def grad_fixed(x, G):
    layer = LeakyReLUFixed()
    val = torch.nn.functional.leaky_relu(x, layer.negative_slope)
    return G * layer._jacobian(x, val)


SPEC = dict(wrt="x", shapes={"x": (4, 5), "G": (4, 5)})
case = derivation(loss, grad, **SPEC, name="q_leakyjac_22")
CAUSE = "mask"
FIX = "LeakyReLU's derivative is 1 where x >= 0 and negative_slope where x < 0, not Hardtanh's 1 on |val| < 1."
