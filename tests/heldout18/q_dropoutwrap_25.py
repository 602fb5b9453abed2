"""ddbourgin/numpy-ml issue #94 (https://github.com/ddbourgin/numpy-ml/issues/94),
numpy_ml/neural_nets/wrappers/wrappers.py, Dropout.backward: "Backpropagation of dropout wrapper does
not apply the mask": forward zeroes the wrapped layer's input with the mask (X = mask * X) and scales
by 1 / (1 - p), but backward only rescales dLdy and returns the base layer's input gradient unmasked.
Base layer: a bias-free dense layer y = X W. X (4, 3), W (3, 2), U (4, 3) uniform draws that fix the
mask (U >= p), dLdy (4, 2), p = 0.5.
"""


from verify import derivation


def loss(X, W, U, dLdy):
    mask = (U >= 0.5).to(X.dtype)
    return (dLdy * (1.0 / (1.0 - 0.5)) * ((mask * X) @ W)).sum()


class Dense:
    def __init__(self, W):
        self.W = W

    def forward(self, X):
        self.X = X
        return X @ self.W

    def backward(self, dLdy):
        return dLdy @ self.W.T


class Dropout:
    def __init__(self, wrapped_layer, p):
        self._base_layer = wrapped_layer
        self.p = p
        self._wrapper_derived_variables = {"dropout_mask": None}

    def forward(self, X, U):
        scaler = 1.0 / (1.0 - self.p)
        mask = U >= self.p
        X = mask * X
        self._wrapper_derived_variables["dropout_mask"] = mask
        return scaler * self._base_layer.forward(X)

    def backward(self, dLdy):
        dLdy *= 1.0 / (1.0 - self.p)
        return self._base_layer.backward(dLdy)  # <- wrong


class DropoutFixed(Dropout):
    def backward(self, dLdy):
        dLdy *= 1.0 / (1.0 - self.p)
        return self._wrapper_derived_variables["dropout_mask"] * self._base_layer.backward(dLdy)


def grad(X, W, U, dLdy):
    layer = Dropout(Dense(W), 0.5)
    layer.forward(X, U)
    return layer.backward(dLdy.copy())


def grad_fixed(X, W, U, dLdy):
    layer = DropoutFixed(Dense(W), 0.5)
    layer.forward(X, U)
    return layer.backward(dLdy.copy())


SPEC = dict(wrt="X", shapes={"X": (4, 3), "W": (3, 2), "U": (4, 3), "dLdy": (4, 2)},
            draws={"U": ("uniform", 0.0, 1.0)})
case = derivation(loss, grad, **SPEC, name="q_dropoutwrap_25")
CAUSE = "mask"
FIX = "The wrapped layer saw mask * X, so the input gradient it returns must be multiplied by the same dropout mask."
