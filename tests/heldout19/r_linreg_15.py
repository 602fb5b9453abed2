"""Gradient descent for simple linear regression in djib2011/python_ml_tutorial (intro to machine learning notebook).

Source: https://github.com/djib2011/python_ml_tutorial/issues/1 ("Calculating partial derivatives");
the notebook computed the gradient of the mean squared error as
    dw = - (2 / sum(x)) * sum(x * (y - y_hat))
    db = - (2 / sum(x)) * sum(y - y_hat)
and the author answered "I actually made a mistake in the computation of the gradient, it should be
dw = - (2 / len(x)) * sum(x * (y - y_hat))" (same for db) and re-uploaded the notebook.
The same wrong divisor was in the db line; here db is kept fixed in both versions so the bug is
reduced to the dw line. L = mean((y - (w x + b))^2); x (8,) positive, y (8,), w (), b ().
"""


from verify import derivation


def loss(w, b, x, y):
    return ((y - (w * x + b)) ** 2).mean()


def grad(w, b, x, y):
    y_hat = w * x + b
    dw = - (2 / sum(x)) * sum(x * (y - y_hat))  # <- wrong
    db = - (2 / len(x)) * sum(y - y_hat)
    return dw, db


def grad_fixed(w, b, x, y):
    y_hat = w * x + b
    dw = - (2 / len(x)) * sum(x * (y - y_hat))
    db = - (2 / len(x)) * sum(y - y_hat)
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": (), "b": (), "x": (8,), "y": (8,)},
            draws={"x": "positive"})
case = derivation(loss, grad, **SPEC, name="r_linreg_15")
CAUSE = "wrong-divisor"
FIX = "The mean squared error averages over the len(x) points, so the gradient divides by len(x), not by sum(x)."
