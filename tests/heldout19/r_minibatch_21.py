"""Mini-batch gradient descent for linear regression in ageron/handson-ml (chapter 4 notebook, 04_training_linear_models).

Source: https://github.com/ageron/handson-ml/issues/73 ("It seems like division by minibatch_size is
missing in the 'Mini-batch gradient descent' sample script"):
    gradients = 2 * xi.T.dot(xi.dot(theta) - yi)
should be
    gradients = 2/minibatch_size * xi.T.dot(xi.dot(theta) - yi)
The author agreed ("If you want to implement ... Mini-batch Gradient Descent, then indeed you should
divide by the batch size"), and the later notebooks (ageron/handson-ml2) use the divided form.
The mini-batch cost is the MSE of the batch: mean((xi theta - yi)^2).
xi (5, 2), yi (5, 1), theta (2, 1).
"""


from verify import derivation


def loss(xi, yi, theta):
    return ((xi @ theta - yi) ** 2).mean()


def grad(xi, yi, theta):
    minibatch_size = len(xi)
    gradients = 2 * xi.T.dot(xi.dot(theta) - yi)  # <- wrong
    return gradients


def grad_fixed(xi, yi, theta):
    minibatch_size = len(xi)
    gradients = 2/minibatch_size * xi.T.dot(xi.dot(theta) - yi)
    return gradients


SPEC = dict(wrt="theta", shapes={"xi": (5, 2), "yi": (5, 1), "theta": (2, 1)})
case = derivation(loss, grad, **SPEC, name="r_minibatch_21")
CAUSE = "batch-mean"
FIX = "The mini-batch cost is the mean squared error over the batch, so the gradient carries 2/minibatch_size, not 2."
