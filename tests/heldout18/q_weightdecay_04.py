"""chainer/chainer issue #261 (https://github.com/chainer/chainer/issues/261), chainer/optimizer.py,
Optimizer.weight_decay: "g -= decay * p ... We should **add** the decayed weights to the gradients
instead of subtract them" (beam2d). The hook adds the gradient of decay/2 * ||p||^2 to the
gradient g of the data term; here the data term is sum(x * p). p (5,), x (5,), decay = 0.1.
"""


from verify import derivation


def loss(p, x, decay):
    return (x * p).sum() + decay / 2 * (p ** 2).sum()


def grad(p, x, decay):
    g = x.clone()  # gradient of the data term
    g -= decay * p  # <- wrong
    return g


def grad_fixed(p, x, decay):
    g = x.clone()  # gradient of the data term
    g += decay * p
    return g


SPEC = dict(wrt="p", shapes={"p": (5,), "x": (5,), "decay": ()}, draws={"decay": ("fixed", 0.1)})
case = derivation(loss, grad, **SPEC, name="q_weightdecay_04")
CAUSE = "sign"
FIX = "The gradient of decay/2 * ||p||^2 is +decay * p, so it is added to g: g += decay * p."
