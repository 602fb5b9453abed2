"""jxgu1016/MNIST_center_loss_pytorch PR #3 "Backprop optimization"
(https://github.com/jxgu1016/MNIST_center_loss_pytorch/pull/3), CenterlossFunc.backward: the PR
returned grad_output*diff with diff = centers_batch - feature; the maintainer's review:
"return grad_output*diff ... -->> return -grad_output * diff". The forward is
(feature - centers_batch).pow(2).sum() / 2.0 (centers_batch = centers.index_select(0, label) is
passed in directly). feature (4, 2), centers_batch (4, 2), grad_output scalar.
"""


from verify import derivation


def loss(feature, centers_batch, grad_output):
    return grad_output * (feature - centers_batch).pow(2).sum() / 2.0


def grad(feature, centers_batch, grad_output):
    diff = centers_batch - feature
    return grad_output*diff  # <- wrong


def grad_fixed(feature, centers_batch, grad_output):
    diff = centers_batch - feature
    return -grad_output * diff


SPEC = dict(wrt="feature", shapes={"feature": (4, 2), "centers_batch": (4, 2), "grad_output": ()})
case = derivation(loss, grad, **SPEC, name="q_centerloss_14")
CAUSE = "sign"
FIX = "d/dfeature of |feature - center|^2 / 2 is feature - center = -diff, so the backward returns -grad_output * diff."
