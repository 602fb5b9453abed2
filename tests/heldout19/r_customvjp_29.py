"""The jax.custom_vjp example of the JAX API docs (jax/custom_derivatives.py docstring), translated to numpy.

Source: https://github.com/jax-ml/jax/issues/3213 ("Sign error in jax.custom_jvp and jax.custom_vjp docs"):
for f(x, y) = sin(x) * y the documented backward rule was
    def f_bwd(res, g):
      cos_x, sin_x, y = res
      return (cos_x * g * y, -sin_x * g)
but df/dy is sin(x), not -sin(x); fixed by PR #3219 (mattjj: "another instance of the bug in #3031").
Loss: sum(G * sin(x) * y); x (3, 4), y (3, 4), G (3, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, y, G):
    return (G * torch.sin(x) * y).sum()


def grad(x, y, G):
    res = (np.cos(x), np.sin(x), y)
    g = G
    cos_x, sin_x, y = res
    return (cos_x * g * y, -sin_x * g)  # <- wrong


def grad_fixed(x, y, G):
    res = (np.cos(x), np.sin(x), y)
    g = G
    cos_x, sin_x, y = res
    return (cos_x * g * y, sin_x * g)


SPEC = dict(wrt=("x", "y"), shapes={"x": (3, 4), "y": (3, 4), "G": (3, 4)})
case = derivation(loss, grad, **SPEC, name="r_customvjp_29")
CAUSE = "sign"
FIX = "The cotangent for y of sin(x) * y is +sin(x) * g, so the minus sign in f_bwd must go."
