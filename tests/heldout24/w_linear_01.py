"""Simple linear regression y = w x + b fitted by mean squared error, as a small torch model class:
L = (1/N) sum_n (w x_n + b - t_n)^2; w (1,), b (1,), x (8,), t (8,).
"""


from verify import derivation


class LinearRegression:
    def __init__(self, w, b):
        self.w, self.b = w, b

    def predict(self, x):
        return self.w * x + self.b

    def gradients(self, x, t):
        err = self.predict(x) - t
        dw = 2 * (err * x).mean(dim=0, keepdim=True)
        db = 2 * err.mean(dim=0, keepdim=True)
        return db, dw  # <- wrong


class LinearRegressionFixed(LinearRegression):
    def gradients(self, x, t):
        err = self.predict(x) - t
        dw = 2 * (err * x).mean(dim=0, keepdim=True)
        db = 2 * err.mean(dim=0, keepdim=True)
        return dw, db


def loss(w, b, x, t):
    return ((w * x + b - t) ** 2).mean()


def grad(w, b, x, t):
    model = LinearRegression(w, b)
    dw, db = model.gradients(x, t)
    return dw, db


def grad_fixed(w, b, x, t):
    model = LinearRegressionFixed(w, b)
    dw, db = model.gradients(x, t)
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": (1,), "b": (1,), "x": (8,), "t": (8,)}, draws={},
            sizes={})
case = derivation(loss, grad, **SPEC, name="w_linear_01")
CAUSE = "return-order"
FIX = "gradients() must return dw first and db second, as its caller unpacks them."
