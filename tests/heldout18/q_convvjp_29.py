"""tensorflow/swift-apis issue #332 (https://github.com/tensorflow/swift-apis/issues/332), "Another issue
with _vjpConv2DBackpropInput": conv2DBackpropInput is differentiable wrt (x, filter), but its pullback
returned (conv2DBackpropFilter(...), conv2D(v, filter)), the filter gradient first and the input
gradient second; "When I switch them around, everything appears to work fine" ("Great catch!").
The transposed convolution is written as the matrix product it is linear in, y = x filter^T, with
square shapes so that the swapped tuple still has the right shapes (in Swift it crashed on shapes).
x (3, 3), filter (3, 3), upstream v (3, 3).
"""


from verify import derivation


def loss(x, filter, v):
    return (v * (x @ filter.T)).sum()


def grad(x, filter, v):
    grad_x = v @ filter          # conv2D(v, filter: filter)
    grad_filter = v.T @ x        # conv2DBackpropFilter(x, input: v)
    return (grad_filter, grad_x)  # <- wrong


def grad_fixed(x, filter, v):
    grad_x = v @ filter          # conv2D(v, filter: filter)
    grad_filter = v.T @ x        # conv2DBackpropFilter(x, input: v)
    return (grad_x, grad_filter)


SPEC = dict(wrt=("x", "filter"), shapes={"x": (3, 3), "filter": (3, 3), "v": (3, 3)})
case = derivation(loss, grad, **SPEC, name="q_convvjp_29")
CAUSE = "return-order"
FIX = "The pullback's tuple follows the differentiable arguments (x, filter): return the input gradient first, then the filter gradient."
