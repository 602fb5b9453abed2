"""A staged computation graph, numpy: q = x * y + z elementwise, f = sum(q^2);
x, y, z (4,). Gradients of x, y, z.
"""


from verify import derivation


def loss(x, y, z):
    return ((x * y + z) ** 2).sum()


def grad(x, y, z):
    p = x * y
    q = p + z
    df = 1.0
    dq = q * df  # <- wrong
    dp = dq
    dz = dq
    return dp * y, dp * x, dz


def grad_fixed(x, y, z):
    p = x * y
    q = p + z
    df = 1.0
    dq = 2 * q * df
    dp = dq
    dz = dq
    return dp * y, dp * x, dz


SPEC = dict(wrt=("x", "y", "z"), numpy=True, shapes={"x": 4, "y": 4, "z": 4})
case = derivation(loss, grad, **SPEC, name="m_graph_03")
CAUSE = "square-factor"
FIX = "The square gate's local gradient is 2 q."
