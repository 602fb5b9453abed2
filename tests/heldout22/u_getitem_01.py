"""Backprop of thinc's with_getitem combinator around a Linear layer (explosion/thinc, thinc/layers/with_getitem.py, forward.backprop).

Source: https://github.com/explosion/thinc/pull/492 ("Fix backprop in with_getitem"): "The return value
in backprop is pulling from the forward input rather than the backprop input." with_getitem(idx,
layer) applies the layer to items[idx] of a tuple and passes the other items through unchanged, so
their gradients are the incoming gradients d_output[j]; the callback returned items[:idx] + (dY_i,)
+ items[idx + 1:], the forward inputs. The combinator keeps thinc's forward/backprop-callback style;
the inner layer is thinc's Linear (Y = X W^T + b, dX = dY W), on numpy arrays.
Loss: sum(d0 * X0) + sum(d1 * (X1 W^T + b)) for with_getitem(1, Linear) on (X0, X1); X0, X1 (3, 4), W (2, 4).
"""


from verify import derivation


def loss(X0, X1, W, b, d0, d1):
    return (d0 * X0).sum() + (d1 * (X1 @ W.T + b)).sum()


def linear_forward(W, b, X):
    Y = X @ W.T + b

    def backprop(dY):
        return dY @ W

    return Y, backprop


def with_getitem_forward(idx, layer, items):
    Y_i, backprop_item = layer(items[idx])

    def backprop(d_output):
        dY_i = backprop_item(d_output[idx])
        return items[:idx] + (dY_i,) + items[idx + 1:]  # <- wrong

    return items[:idx] + (Y_i,) + items[idx + 1:], backprop


def with_getitem_forward_fixed(idx, layer, items):
    Y_i, backprop_item = layer(items[idx])

    def backprop(d_output):
        dY_i = backprop_item(d_output[idx])
        return d_output[:idx] + (dY_i,) + d_output[idx + 1:]

    return items[:idx] + (Y_i,) + items[idx + 1:], backprop


def grad(X0, X1, W, b, d0, d1):
    layer = lambda X: linear_forward(W, b, X)
    Y, backprop = with_getitem_forward(1, layer, (X0, X1))
    dX0, dX1 = backprop((d0, d1))
    return dX0, dX1


def grad_fixed(X0, X1, W, b, d0, d1):
    layer = lambda X: linear_forward(W, b, X)
    Y, backprop = with_getitem_forward_fixed(1, layer, (X0, X1))
    dX0, dX1 = backprop((d0, d1))
    return dX0, dX1


SPEC = dict(wrt=("X0", "X1"),
            shapes={"X0": (3, 4), "X1": (3, 4), "W": (2, 4), "b": (2,), "d0": (3, 4), "d1": (3, 2)})
case = derivation(loss, grad, **SPEC, name="u_getitem_01")
CAUSE = "wrong-operand"
FIX = "Pass the incoming gradients through for the untouched items: return d_output[:idx] + (dY_i,) + d_output[idx + 1:]."
