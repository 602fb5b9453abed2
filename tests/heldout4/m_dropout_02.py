"""Dropout written with torch's convention, p = probability of DROPPING a unit (0.3), the
random draws u given as an input: keep = u >= p, out = x * keep / (1 - p),
loss = sum(dout * out); numpy backward; x (N, D), u (N, D) uniform in (0.1, 0.9),
dout (N, D), N = 4, D = 6.
"""


from verify import derivation

P_DROP = 0.3


def loss(x, u, dout):
    keep = (u >= P_DROP).to(x.dtype)
    return (dout * x * keep / (1 - P_DROP)).sum()


def grad(x, u, dout):
    keep = u < P_DROP  # <- wrong
    dx = dout * keep / (1 - P_DROP)
    return dx


def grad_fixed(x, u, dout):
    keep = u >= P_DROP
    dx = dout * keep / (1 - P_DROP)
    return dx


SPEC = dict(numpy=True, wrt="x", shapes={"x": ("N", "D"), "u": ("N", "D"), "dout": ("N", "D")},
            draws={"u": "uniform"}, sizes={"N": 4, "D": 6})
case = derivation(loss, grad, **SPEC, name="m_dropout_02")
CAUSE = "mask"
FIX = "With p the drop probability the kept units are u >= p; u < p selects exactly the dropped ones."
