"""The contract of a Function's backward beyond its values: several outputs and undefined
upstream gradients, needs_input_grad, reentrancy, memory layouts, non-tensor arguments and
errors located in the user's code. Each item: a correct Function verifies, a broken one
fails with the diagnosis of its mistake."""

from __future__ import annotations

import pytest
import torch

from verify import UsageError, check, function_derivation
from verify.contract_report import NOT_CHECKED, FunctionReport, ItemReport

FAST = dict(trials=20, vary_sizes=False, probe_scales=False, shrink=False, explain=False)


def item(fn, reference, name: str, **options) -> ItemReport:
    """The row ``name`` of the contract, that item alone switched on."""
    report = check(fn, reference, **{**FAST, **options}, contract=False, **{name: True})
    return next(i for i in report.contract if i.item == name)


# 1. values of several outputs, and undefined upstream gradients


class ProductAndSum(torch.autograd.Function):
    """p = x y, s = x + y;  dx = dp y + ds, dy = dp x + ds; None counts as zero."""

    @staticmethod
    def forward(ctx, x, y):
        ctx.set_materialize_grads(False)
        ctx.save_for_backward(x, y)
        return x * y, x + y

    @staticmethod
    def backward(ctx, dp, ds):
        x, y = ctx.saved_tensors
        dx = torch.zeros_like(x) if dp is None else dp * y
        dy = torch.zeros_like(y) if dp is None else dp * x
        if ds is not None:
            dx, dy = dx + ds, dy + ds
        return dx, dy


class ProductAndSumAssumingBoth(ProductAndSum):
    """Broken: with materialisation off, an unused output's gradient is None."""

    @staticmethod
    def backward(ctx, dp, ds):
        x, y = ctx.saved_tensors
        return dp * y + ds, dp * x + ds


class ProductAndSumWrongSecond(ProductAndSum):
    """Broken: the sum's gradient doubled."""

    @staticmethod
    def backward(ctx, dp, ds):
        x, y = ctx.saved_tensors
        return dp * y + 2 * ds, dp * x + 2 * ds


def product_and_sum(x, y):
    return x * y, x + y


PAIR = {"x": (3, 4), "y": (3, 4)}


def test_every_output_of_a_function_with_several_outputs_is_checked() -> None:
    built = function_derivation(ProductAndSum, product_and_sum, shapes=PAIR)
    assert [i.name for i in built.inputs] == ["x", "y", "dout0", "dout1"]
    report = check(ProductAndSum, product_and_sum, shapes=PAIR, **FAST, contract=False)
    assert report.ok
    wrong = check(ProductAndSumWrongSecond, product_and_sum, shapes=PAIR, **FAST,
                  contract=False)
    assert wrong.verdict == "failed"
    assert [s.verdict for s in wrong.steps] == ["failed", "failed"]


def test_several_outputs_against_finite_differences() -> None:
    assert check(ProductAndSum, None, shapes=PAIR, **FAST, contract=False).ok
    assert not check(ProductAndSumWrongSecond, None, shapes=PAIR, **FAST, contract=False).ok


def test_undefined_upstream_gradients_count_as_zero() -> None:
    good = item(ProductAndSum, product_and_sum, "undefined", shapes=PAIR)
    assert good.verdict == "verified"
    assert good.evidence.startswith("every output, output 0, output 1 undefined")
    bad = item(ProductAndSumAssumingBoth, product_and_sum, "undefined", shapes=PAIR)
    assert bad.verdict == "failed"
    assert bad.diagnosis.startswith("with the upstream gradient of every output undefined, "
                                    "ProductAndSumAssumingBoth.backward raised TypeError at "
                                    "tests/test_contract_backward.py:")
    assert bad.diagnosis.endswith("count None as zero")


# 2. needs_input_grad


class Affine(torch.autograd.Function):
    """y = x W + b;  dx = dout W^T, dW = x^T dout, db = sum_n dout, each only when needed."""

    @staticmethod
    def forward(ctx, x, W, b):
        ctx.save_for_backward(x, W)
        return x @ W + b

    @staticmethod
    def backward(ctx, dout):
        x, W = ctx.saved_tensors
        dx = dout @ W.T if ctx.needs_input_grad[0] else None
        dW = x.T @ dout if ctx.needs_input_grad[1] else None
        db = dout.sum(0) if ctx.needs_input_grad[2] else None
        return dx, dW, db


class AffineFlagsSwapped(Affine):
    """Broken: dx and dW guarded by each other's flag."""

    @staticmethod
    def backward(ctx, dout):
        x, W = ctx.saved_tensors
        dx = dout @ W.T if ctx.needs_input_grad[1] else None
        dW = x.T @ dout if ctx.needs_input_grad[0] else None
        return dx, dW, dout.sum(0)


class AffineNeedsAll(Affine):
    """Broken: db computed from dx, which is None when x needs no gradient."""

    @staticmethod
    def backward(ctx, dout):
        x, W = ctx.saved_tensors
        dx = dout @ W.T if ctx.needs_input_grad[0] else None
        return dx, x.T @ dout, (dx @ W).sum(0) * 0 + dout.sum(0)


def affine(x, W, b):
    return x @ W + b


AFFINE = {"x": (4, 3), "W": (3, 2), "b": (2,)}


def test_needs_input_grad_subsets() -> None:
    good = item(Affine, affine, "needs_input_grad", shapes=AFFINE)
    assert good.verdict == "verified" and good.evidence.startswith("6 subsets of x, W, b")
    swapped = item(AffineFlagsSwapped, affine, "needs_input_grad", shapes=AFFINE)
    assert swapped.diagnosis == ("with only x requiring grad, backward returned no gradient "
                                 "for x, which requires it: ctx.needs_input_grad[0] is x's flag")
    crashed = item(AffineNeedsAll, affine, "needs_input_grad", shapes=AFFINE)
    assert crashed.verdict == "failed"
    assert crashed.diagnosis.startswith("with only W requiring grad, AffineNeedsAll.backward "
                                        "raised TypeError at tests/test_contract_backward.py:")
    assert crashed.diagnosis.endswith("return None for those that need no gradient")


def test_one_input_has_no_subsets() -> None:
    row = item(Affine, affine, "needs_input_grad", shapes=AFFINE, wrt="x")
    assert row.verdict == NOT_CHECKED


# 3. reentrancy and determinism


class Exp(torch.autograd.Function):
    """y = exp(x);  dx = dout y."""

    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, dout):
        (y,) = ctx.saved_tensors
        return dout * y


class ExpKeptOnCtx(torch.autograd.Function):
    """Broken: the output kept on ctx and multiplied in place by backward."""

    @staticmethod
    def forward(ctx, x):
        ctx.grad = x.exp()
        return ctx.grad.clone()

    @staticmethod
    def backward(ctx, dout):
        ctx.grad *= dout
        return ctx.grad


class ExpSavedInPlace(Exp):
    """Broken: a saved tensor multiplied in place."""

    @staticmethod
    def backward(ctx, dout):
        (y,) = ctx.saved_tensors
        return y.mul_(dout)


class ExpWritesDout(Exp):
    """Broken: the upstream gradient multiplied in place."""

    @staticmethod
    def backward(ctx, dout):
        (y,) = ctx.saved_tensors
        return dout.mul_(y)


def test_reentrancy() -> None:
    good = item(Exp, torch.exp, "reentrant", shapes={"x": (3, 4)})
    assert good.verdict == "verified" and "reruns identical" in good.evidence
    kept = item(ExpKeptOnCtx, torch.exp, "reentrant", shapes={"x": (3, 4)})
    assert kept.verdict == "failed"
    assert kept.diagnosis.startswith("not reentrant: a second backward on the same graph gives "
                                     "dx off by ")
    assert "as in grad *= dout" in kept.diagnosis
    saved = item(ExpSavedInPlace, torch.exp, "reentrant", shapes={"x": (3, 4)})
    assert saved.diagnosis.startswith("a second backward on the same graph (retain_graph=True) "
                                      "failed: ExpSavedInPlace.backward raised RuntimeError")
    assert saved.diagnosis.endswith("the first backward modified a tensor saved for backward "
                                    "in place (y.mul_, +=): compute into a new tensor")
    written = item(ExpWritesDout, torch.exp, "reentrant", shapes={"x": (3, 4)})
    assert written.diagnosis.startswith("backward writes into its upstream gradient")


# 4. memory layouts; returned shape and dtype


class Triple(torch.autograd.Function):
    """y = 3 x;  dx = 3 dout."""

    @staticmethod
    def forward(ctx, x):
        return 3 * x

    @staticmethod
    def backward(ctx, dout):
        return 3 * dout


class TripleByView(Triple):
    """Broken: .view on a gradient that may not be contiguous."""

    @staticmethod
    def backward(ctx, dout):
        return (dout.view(-1) * 3).view(dout.shape)


class TripleInFloat32(Triple):
    """Broken: the gradient returned in float32."""

    @staticmethod
    def backward(ctx, dout):
        return (3 * dout).float()


class BiasUnsummed(torch.autograd.Function):
    """Broken: y = x + b with db = dout, not summed over the batch."""

    @staticmethod
    def forward(ctx, x, b):
        return x + b

    @staticmethod
    def backward(ctx, dout):
        return dout, dout


def test_memory_layouts() -> None:
    good = item(Triple, lambda x: 3 * x, "layouts", shapes={"x": (2, 3, 4, 5)})
    assert good.verdict == "verified"
    assert good.evidence.startswith("dout transposed, non-contiguous, expanded (stride 0), "
                                    "channels-last: same gradients")
    viewed = item(TripleByView, lambda x: 3 * x, "layouts", shapes={"x": (3, 4)})
    assert viewed.diagnosis.startswith("with a transposed upstream gradient, "
                                       "TripleByView.backward raised RuntimeError at "
                                       "tests/test_contract_backward.py:")
    assert viewed.diagnosis.endswith("Use .reshape(...) instead.")
    narrow = item(TripleInFloat32, lambda x: 3 * x, "layouts", shapes={"x": (3, 4)})
    assert narrow.diagnosis.startswith("backward returns dx in float32 for x in float64")
    unsummed = item(BiasUnsummed, lambda x, b: x + b, "layouts", shapes={"x": (4, 3), "b": (3,)})
    assert unsummed.diagnosis == ("backward returns db of shape (4, 3) for b of shape (3,) "
                                  "(autograd sums it back quietly here, hiding the mistake): "
                                  "return the input's shape")


# 9. non-tensor arguments


class ScaledSum(torch.autograd.Function):
    """y = scale x summed over ``dim`` (mode "sum") or averaged (mode "mean")."""

    @staticmethod
    def forward(ctx, x, dim, scale, mode, keep, shape):
        assert isinstance(dim, int) and isinstance(mode, str) and isinstance(keep, bool)
        assert isinstance(shape, list) and isinstance(scale, float)
        ctx.dim, ctx.n = dim, (x.shape[dim] if mode == "mean" else 1)
        ctx.scale, ctx.shape = scale, x.shape
        return scale * x.sum(dim) / ctx.n

    @staticmethod
    def backward(ctx, dout):
        dx = (ctx.scale / ctx.n) * dout.unsqueeze(ctx.dim).expand(ctx.shape)
        return dx, None, None, None, None, None


class ScaledSumOneGradient(ScaledSum):
    """Broken: one gradient returned for six arguments."""

    @staticmethod
    def backward(ctx, dout):
        return (ctx.scale / ctx.n) * dout.unsqueeze(ctx.dim).expand(ctx.shape)


def scaled_sum(x, dim, scale, mode, keep, shape):
    return scale * (x.mean(dim) if mode == "mean" else x.sum(dim))


CONSTANTS = dict(shapes={"x": (3, 4)},
                 draws={"dim": 1, "scale": 0.5, "mode": "mean", "keep": True, "shape": [3, 4]})


def test_non_tensor_arguments_are_passed_as_given() -> None:
    good = check(ScaledSum, scaled_sum, **CONSTANTS, **FAST, contract=False, constants=True)
    assert good.ok and [s.of for s in good.steps] == ["x"]
    assert good.contract[-2].evidence == ("dim=1 (int), scale=0.5 (float), mode='mean' (str), "
                                          "keep=True (bool), shape=[3, 4] (list) passed as "
                                          "given; backward returns None for them")
    numeric = check(ScaledSum, None, **CONSTANTS, **FAST, contract=False)
    assert numeric.ok
    bad = item(ScaledSumOneGradient, scaled_sum, "constants", **CONSTANTS)
    assert bad.verdict == "failed"
    assert bad.diagnosis.startswith("backward returns the wrong number of gradients")
    assert bad.diagnosis.endswith("return one per argument of forward (x, dim, scale, mode, "
                                  "keep, shape), None for dim, scale, mode, keep, shape")


def test_a_tuple_of_strings_is_given_as_fixed() -> None:
    class Pick(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, names):
            assert names == ("a", "b")
            return 2 * x

        @staticmethod
        def backward(ctx, dout):
            return 2 * dout, None

    fixed = {"names": ("fixed", ("a", "b"))}
    assert check(Pick, lambda x, names: 2 * x, shapes={"x": 3}, draws=fixed, **FAST,
                 contract=False).ok


# 12. errors located; the report's shape


class Raises(Exp):
    """Broken: backward raises."""

    @staticmethod
    def backward(ctx, dout):
        raise ValueError("not written yet")


def _line_of(code: str) -> int:
    with open(__file__) as source:
        return next(k for k, line in enumerate(source, 1) if line.strip() == code)


def test_an_error_in_backward_is_located_and_the_other_items_still_run() -> None:
    report = check(Raises, torch.exp, shapes={"x": 3}, **FAST, compile=False)
    line = _line_of('raise ValueError("not written yet")')
    where = f"Raises.backward raised ValueError at tests/test_contract_backward.py:{line}"
    assert report.verdict == "error" and report.error.startswith(where)
    rows = {i.item: i for i in report.contract}
    assert rows["reentrant"].verdict == "failed" and where in rows["reentrant"].diagnosis
    assert rows["speed"].verdict == "failed" and where in rows["speed"].diagnosis
    assert rows["forward_mode"].verdict == "not supported"
    assert where in report.explain_failure()


def test_the_report_keeps_the_values_report_and_renders_one_table() -> None:
    report = check(Exp, torch.exp, shapes={"x": 3}, **FAST, compile=False)
    assert isinstance(report, FunctionReport) and report.ok and report.steps[0].of == "x"
    text = report.text(width=200)
    assert text.splitlines()[0].strip() == "Exp: the contract of a torch.autograd.Function"
    for title in ("values of every gradient", "undefined upstream gradients", "memory layouts",
                  "double backward", "forward mode (jvp)", "torch.func.vmap", "torch.compile",
                  "complex inputs", "non-tensor arguments", "time and memory"):
        assert title in text
    assert report.to_dict()["contract"][0]["item"] == "undefined"


def test_contract_options_are_checked() -> None:
    with pytest.raises(UsageError, match=r"^check has no option 'compiled'; the items"):
        check(Exp, torch.exp, shapes={"x": 3}, compiled=False)
    with pytest.raises(UsageError, match=r"^vmap= must be True or False, not 0"):
        check(Exp, torch.exp, shapes={"x": 3}, vmap=0)
    with pytest.raises(UsageError, match=r"^check takes compile= only for a torch.autograd"):
        check(lambda x: x.sum(), lambda x: x, wrt="x", shapes={"x": 3}, compile=False)
