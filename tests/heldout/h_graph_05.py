"""An inverse square-root node after a square-plus-one node, L = sum(g * (v^2 + 1)^(-1/2)):
v (K,), g (K,), elementwise, in numpy.
"""


from verify import derivation


def loss(v, g):
    return (g * (v * v + 1) ** -0.5).sum()


def grad(v, g):
    u = v * v + 1
    du = g * (-1.0) * u ** -1.5  # <- wrong
    dv = du * 2 * v
    return dv


def grad_fixed(v, g):
    u = v * v + 1
    du = g * (-0.5) * u ** -1.5
    dv = du * 2 * v
    return dv


SPEC = dict(wrt="v", shapes={"v": ("K",), "g": ("K",)}, sizes={"K": 6})
case = derivation(loss, grad, **SPEC, name="h_graph_05")
CAUSE = "wrong-coefficient"
FIX = "Power rule on u^(-1/2): the coefficient is -1/2, du = -0.5 g u^(-3/2)."
