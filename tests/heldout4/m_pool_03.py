"""Global max pooling over time of a sequence batch, numpy: out[n, d] = max_t x[n, t, d],
loss = sum(dout * out); x (N, T, D), dout (N, D), N = 2, T = 5, D = 3.
"""


from verify import derivation


def loss(x, dout):
    return (dout * x.amax(dim=1)).sum()


def grad(x, dout):
    winners = x == x.max(axis=2, keepdims=True)  # <- wrong
    dx = winners * dout[:, None, :]
    return dx


def grad_fixed(x, dout):
    winners = x == x.max(axis=1, keepdims=True)
    dx = winners * dout[:, None, :]
    return dx


SPEC = dict(numpy=True, wrt="x", shapes={"x": ("N", "T", "D"), "dout": ("N", "D")},
            sizes={"N": 2, "T": 5, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_pool_03")
CAUSE = "reduction-axis"
FIX = "The pooling takes the maximum over time (axis 1), so the winner mask is taken over axis 1 too."
