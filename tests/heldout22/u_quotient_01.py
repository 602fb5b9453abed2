"""Reverse-mode rule for division over a Wengert list (MikeInnes/diff-zoo, "Differentiation for Hackers", src/utils.jl and src/intro.jl, derive_r).

Source: https://github.com/MikeInnes/diff-zoo/issues/16 ("Division Formulae are Wrong: Reverse Diff":
"It should be divm (not mulm)"), with the fix proposed in https://github.com/MikeInnes/diff-zoo/pull/17
("Fix a_/b_ derivative": gradient(x->(x^3/x^2), 2) gave 46.0). derive_r walks the Wengert list
backwards and, for an instruction y = a / b, sends d(a, mulm(Δ, b)) and d(b, -(Δ * a) / b^2). The
adjoint of the numerator must be Δ / b, not Δ * b. The Julia symbolic sweep is written out in numpy for
the notebooks' running example f(x) = x / (1 + x^2), as the list y1 = x^2, y2 = 1 + y1, y3 = x / y2,
applied elementwise with the seed Δ = g; d(v, Δ) accumulates into ds[v] as in the notebook.
Loss: sum(g * x / (1 + x^2)); x, g (3, 4).
"""


from verify import derivation


def loss(x, g):
    return (g * (x / (1 + x ** 2))).sum()


def grad(x, g):
    y1 = x ** 2
    y2 = 1 + y1
    y3 = x / y2
    ds = {}
    ds["y3"] = g
    # y3 = x / y2
    Δ = ds["y3"]
    da = Δ * y2  # <- wrong
    ds["x"] = da
    db = -(Δ * x) / y2 ** 2
    ds["y2"] = db
    # y2 = 1 + y1
    Δ = ds["y2"]
    ds["y1"] = Δ
    # y1 = x^2
    Δ = ds["y1"]
    ds["x"] = ds["x"] + Δ * 2 * x ** (2 - 1)
    return ds["x"]


def grad_fixed(x, g):
    y1 = x ** 2
    y2 = 1 + y1
    y3 = x / y2
    ds = {}
    ds["y3"] = g
    # y3 = x / y2
    Δ = ds["y3"]
    da = Δ / y2
    ds["x"] = da
    db = -(Δ * x) / y2 ** 2
    ds["y2"] = db
    # y2 = 1 + y1
    Δ = ds["y2"]
    ds["y1"] = Δ
    # y1 = x^2
    Δ = ds["y1"]
    ds["x"] = ds["x"] + Δ * 2 * x ** (2 - 1)
    return ds["x"]


SPEC = dict(wrt="x", shapes={"x": (3, 4), "g": (3, 4)})
case = derivation(loss, grad, **SPEC, name="u_quotient_01")
CAUSE = "wrong-operand"
FIX = "Send Δ / b, not Δ * b, to the numerator of a / b: d(a, divm(Δ, b))."
