"""fangwei123456/spikingjelly, clock_driven/surrogate.py, piecewise_leaky_relu; PR #412/#413
(https://github.com/fangwei123456/spikingjelly/pull/413): "The gradient should be 1/2w instead of 1/w."
The backward is the derivative of PiecewiseLeakyReLU.primitive_function, whose slope inside
|x| < w is 1/(2w) (x/(2w) + 1/2) and c outside. x (4, 5), grad_output G (4, 5), w = 1, c = 0.01.
"""

import torch

from verify import derivation


def loss(x, G):
    w, c = 1.0, 0.01
    mask0 = (x < -w).to(x)
    mask1 = (x > w).to(x)
    mask2 = torch.ones_like(x.data) - mask0 - mask1
    cw = c * w
    y = mask0 * (c * x + cw) + mask1 * (c * x + (- cw + 1)) + mask2 * (x / (2 * w) + 1 / 2)
    return (G * y).sum()


def grad(x, G):
    w, c = 1.0, 0.01
    mask_width = (x.abs() < w)
    mask_c = mask_width.logical_not()
    grad_x = x.masked_fill(mask_width, 1 / w).masked_fill(mask_c, c)  # <- wrong
    return G * grad_x


def grad_fixed(x, G):
    w, c = 1.0, 0.01
    mask_width = (x.abs() < w)
    mask_c = mask_width.logical_not()
    grad_x = x.masked_fill(mask_width, 1 / (2*w)).masked_fill(mask_c, c)
    return G * grad_x


SPEC = dict(wrt="x", shapes={"x": (4, 5), "G": (4, 5)})
case = derivation(loss, grad, **SPEC, name="q_surrogate_07")
CAUSE = "wrong-divisor"
FIX = "Inside the window the primitive rises by 1 over a width of 2w, so its slope is 1 / (2*w), not 1 / w."
