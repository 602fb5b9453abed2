"""Gradient of x**2 in haydnv/tinychain (client ops Pow.backward / Pow.gradients).

Source: https://github.com/haydnv/tinychain/pull/160 (discussion, fixed by commit 4601a04). For
y = x**2 summed, `derivative_of` gave (2x).sum(0), but `gradients` multiplied by the exponent twice:
"the first `2 *` in `Pow.backward` and the second in `Pow.gradients`", so the gradient came out as
2 * (2 x). Reduced to numpy with the two steps as two functions.
Loss: sum(G * x**2); x, G (3, 4).
"""

from verify import derivation


def loss(x, G):
    return (G * x ** 2).sum()


def pow_backward(x, exponent, grad):
    return exponent * x ** (exponent - 1) * grad


def grad(x, G):
    exponent = 2
    backward = pow_backward(x, exponent, G)
    gradients = exponent * backward  # <- wrong
    return gradients


def grad_fixed(x, G):
    exponent = 2
    backward = pow_backward(x, exponent, G)
    gradients = backward
    return gradients


SPEC = dict(wrt="x", shapes={"x": (3, 4), "G": (3, 4)})
case = derivation(loss, grad, **SPEC, name="s_pow_10")
CAUSE = "square-factor"
FIX = "Apply the exponent factor of d(x^2)/dx = 2x once, in Pow.backward only."
