"""Derivative of tiny-dnn's mean-squared-error loss (tiny_cnn/lossfunctions/loss_function.h, class mse).

Source: https://github.com/tiny-dnn/tiny-dnn/pull/217 ("Generalization of loss functions + Correcting
MSE", solving issue #159 "the current result for this is the halved total squared error"): the PR
changed mse::f to the mean of squares, "d += (y[i] - t[i]) * (y[i] - t[i]); return d/y.size();", but
left mse::df as y - t, the derivative of the old halved square; the reviewer: "Same as mse::f, we should
double the difinition of mse::df", done in https://github.com/tiny-dnn/tiny-dnn/pull/232 (factor
2 / n). The C++ functions on vec_t are translated to Python lists.
Loss: mean_i (y_i - t_i)^2 over one output vector; y, t (6,).
"""


from verify import derivation


def loss(y, t):
    return ((y - t) ** 2).mean()


class mse:
    @staticmethod
    def f(y, t):
        d = 0.0
        for i in range(len(y)):
            d += (y[i] - t[i]) * (y[i] - t[i])
        return d / len(y)

    @staticmethod
    def df(y, t):
        d = [0.0] * len(t)
        for i in range(len(y)):
            d[i] = y[i] - t[i]  # <- wrong
        return d


class mseFixed(mse):
    @staticmethod
    def df(y, t):
        d = [0.0] * len(t)
        for i in range(len(y)):
            d[i] = 2.0 / len(t) * (y[i] - t[i])
        return d


def grad(y, t):
    return mse.df([float(v) for v in y], [float(v) for v in t])


def grad_fixed(y, t):
    return mseFixed.df([float(v) for v in y], [float(v) for v in t])


SPEC = dict(wrt="y", shapes={"y": (6,), "t": (6,)})
case = derivation(loss, grad, **SPEC, name="y_mse_01")
CAUSE = "mse-convention"
FIX = "Differentiate the mean of squares, not the halved square: df = 2 (y - t) / n."
