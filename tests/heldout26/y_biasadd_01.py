"""Backward of bias_add for channels-last (NHWC) data in libnd4j (ops/declarable/generic/parity_ops/bias_add.cpp, biasadd_bp).

Source: https://github.com/deeplearning4j/deeplearning4j/issues/8280 ("libnd4j: biasadd_bp doesn't have
isNCHW arg, wrong for NHWC case?"): "The bias gradient (via sum) is basically epsilonNext.sum(0, 2, 3)
which is correct for the NCHW case but not the NHWC case (which should be .sum(0, 1, 2))"; answered
"corrected!". y = x + b with b (C,) added along the last axis of an NHWC activation, so db sums the
output gradient over batch, height and width. Translated to numpy; the height equals the channel
count here, as in the square layers where the wrong axes still give a vector of the right length.
Loss: sum(epsilonNext * (x + b)); x, epsilonNext (2, 3, 4, 3) NHWC, b (3,).
"""


from verify import derivation


def loss(x, b, epsilonNext):
    return (epsilonNext * (x + b)).sum()


def grad(x, b, epsilonNext):
    gradI = epsilonNext.copy()
    gradB = epsilonNext.sum(axis=(0, 2, 3))  # <- wrong
    return gradI, gradB


def grad_fixed(x, b, epsilonNext):
    gradI = epsilonNext.copy()
    gradB = epsilonNext.sum(axis=(0, 1, 2))
    return gradI, gradB


SPEC = dict(wrt=("x", "b"), shapes={"x": (2, 3, 4, 3), "b": (3,), "epsilonNext": (2, 3, 4, 3)})
case = derivation(loss, grad, **SPEC, name="y_biasadd_01")
CAUSE = "reduction-axis"
FIX = "For NHWC data sum the bias gradient over axes (0, 1, 2), leaving the last (channel) axis, not over (0, 2, 3)."
