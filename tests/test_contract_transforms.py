"""The contract of a Function under torch's other transforms and on complex numbers,
finite differences as the reference, and the cost of the Function against its reference.
Each item: a correct Function verifies, a broken one fails with the diagnosis of its
mistake; what a Function does not support is information, not a failure."""

from __future__ import annotations

import re

import pytest
import torch
from torch.autograd.function import once_differentiable

from derivations.core import Derivation
from verify import check, function_derivation
from verify.contract_report import ItemReport
from verify.contract_subject import expected_gradients
from verify.custom import function_of, numeric_gradient
from verify.sample import sample_trials

FAST = dict(trials=20, vary_sizes=False, probe_scales=False, shrink=False, explain=False)


def item(fn, reference, name: str, **options) -> ItemReport:
    """The row ``name`` of the contract, that item alone switched on."""
    report = check(fn, reference, **{**FAST, **options}, contract=False, **{name: True})
    return next(i for i in report.contract if i.item == name)


def square(x):
    return x ** 2


class Square(torch.autograd.Function):
    """y = x^2;  dx = 2 conj(x) dout (conj: autograd's convention on complex numbers);
    jvp: dy = 2 x dx."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        ctx.save_for_forward(x)
        return x ** 2

    @staticmethod
    def backward(ctx, dout):
        (x,) = ctx.saved_tensors
        return 2 * x.conj() * dout

    @staticmethod
    def jvp(ctx, dx):
        (x,) = ctx.saved_tensors
        return 2 * x * dx


SHAPE = {"x": (3, 4)}


# 5. double backward


class SquareOnce(Square):
    """Declared once differentiable."""

    @staticmethod
    @once_differentiable
    def backward(ctx, dout):
        (x,) = ctx.saved_tensors
        return 2 * x * dout


class SquareDetached(Square):
    """Broken: x leaves autograd in backward, so the second derivative is lost."""

    @staticmethod
    def backward(ctx, dout):
        (x,) = ctx.saved_tensors
        return 2 * x.detach() * dout


@pytest.mark.parametrize("reference", [square, None], ids=["reference", "numeric"])
def test_double_backward(reference) -> None:
    good = item(Square, reference, "double_backward", shapes=SHAPE)
    assert good.verdict == "verified" and good.evidence.startswith("d<v, backward>/d(x, dout) vs")
    bad = item(SquareDetached, reference, "double_backward", shapes=SHAPE)
    assert bad.verdict == "failed"
    if reference is not None:
        assert bad.diagnosis.startswith("the second derivative with respect to x is off by 1 "
                                        "(relative) against autograd of square: backward's "
                                        "result does not depend on x through autograd")
    else:
        assert bad.diagnosis.startswith("the second derivative along a random direction is ")


def test_once_differentiable_is_declared_not_failed() -> None:
    row = item(SquareOnce, square, "double_backward", shapes=SHAPE)
    assert (row.verdict, row.evidence) == (
        "not supported", "SquareOnce.backward is marked @once_differentiable: no second "
                         "derivative, as declared")


# 6. forward mode


class SquareJvpSign(Square):
    """Broken: the jvp's sign flipped."""

    @staticmethod
    def jvp(ctx, dx):
        (x,) = ctx.saved_tensors
        return -2 * x * dx


class SquareJvpFromSaved(Square):
    """Broken: jvp reads ctx.saved_tensors, which forward mode does not fill."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 2

    @staticmethod
    def jvp(ctx, dx):
        (x,) = ctx.saved_tensors
        return 2 * x * dx


class SquareNoJvp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 2

    @staticmethod
    def backward(ctx, dout):
        (x,) = ctx.saved_tensors
        return 2 * x * dout


class SquareJvpNotImplemented(SquareNoJvp):
    @staticmethod
    def jvp(ctx, dx):
        raise NotImplementedError


@pytest.mark.parametrize("reference", [square, None], ids=["reference", "numeric"])
def test_forward_mode(reference) -> None:
    good = item(Square, reference, "forward_mode", shapes=SHAPE)
    assert good.verdict == "verified"
    against = "forward-mode autograd of square" if reference else "central differences"
    assert good.evidence == f"tangents vs {against} (3 draws)"
    bad = item(SquareJvpSign, reference, "forward_mode", shapes=SHAPE)
    assert bad.diagnosis == f"the tangent of output 0 is off by 2 (relative) against {against}"


def test_forward_mode_errors_and_absence() -> None:
    broken = item(SquareJvpFromSaved, square, "forward_mode", shapes=SHAPE)
    assert broken.verdict == "failed"
    assert broken.diagnosis.startswith("SquareJvpFromSaved.jvp raised ValueError at "
                                       "tests/test_contract_transforms.py:")
    absent = item(SquareNoJvp, square, "forward_mode", shapes=SHAPE)
    assert absent.verdict == "not supported" and absent.evidence.startswith("no jvp staticmethod")
    written = item(SquareJvpNotImplemented, square, "forward_mode", shapes=SHAPE)
    assert written.verdict == "not supported", written.diagnosis
    assert written.evidence.startswith("its jvp raises NotImplementedError")


# 7. vmap and torch.compile


class Cube(torch.autograd.Function):
    """y = x^3 in the setup_context style, vmap rule generated;  dx = 3 x^2 dout."""

    generate_vmap_rule = True

    @staticmethod
    def forward(x):
        return x ** 3

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(inputs[0])

    @staticmethod
    def backward(ctx, dout):
        (x,) = ctx.saved_tensors
        return 3 * x ** 2 * dout


class CubeOwnRule(Cube):
    """Broken: a vmap staticmethod that squares instead of cubing."""

    generate_vmap_rule = False

    @staticmethod
    def vmap(info, in_dims, x):
        return CubeOwnRule.apply(x) / x, in_dims[0]


def cube(x):
    return x ** 3


def test_vmap() -> None:
    good = item(Cube, cube, "vmap", shapes=SHAPE)
    assert (good.verdict, good.evidence) == (
        "verified", "a batch of 3 draws: as unbatched, forward and backward")
    bad = item(CubeOwnRule, cube, "vmap", shapes=SHAPE)
    assert bad.verdict == "failed"
    assert bad.diagnosis.startswith("under vmap, output 0 of draw 0 is off by ")
    assert bad.diagnosis.endswith("from the unbatched call: the vmap rule is wrong")
    old = item(Square, square, "vmap", shapes=SHAPE)
    assert old.verdict == "not supported" and old.evidence.startswith("forward takes ctx")


class CubeWhenCompiled(Cube):
    """Broken: another result when traced by torch.compile."""

    @staticmethod
    def forward(x):
        return x ** 2 if torch.compiler.is_compiling() else x ** 3


def test_compile() -> None:
    good = item(Cube, cube, "compile", shapes=SHAPE)
    assert (good.verdict, good.evidence) == (
        "verified", "backend aot_eager: as eager, forward and backward")
    bad = item(CubeWhenCompiled, cube, "compile", shapes=SHAPE)
    assert bad.verdict == "failed"
    assert bad.diagnosis.startswith("compiled, output 0 is off by ")


# 8. complex inputs


def test_complex_inputs_follow_the_conjugate_convention() -> None:
    good = item(Square, square, "complex", shapes=SHAPE)
    assert (good.verdict, good.evidence) == (
        "verified", "complex128: as autograd of square (3 draws)")
    bad = item(SquareNoJvp, square, "complex", shapes=SHAPE)
    assert bad.verdict == "failed"
    assert bad.diagnosis.startswith("dx on complex inputs lacks a conjugate: autograd's "
                                    "convention is dx = dout * conj(df/dx)")
    real_only = item(Square, torch.relu, "complex", shapes=SHAPE)
    assert real_only.verdict == "not checked"
    assert real_only.evidence.startswith("the reference does not run on complex inputs")


# 10. finite differences: vectorised, the shared step rule


class CountedTanh(torch.autograd.Function):
    """y = tanh(x), counting the calls of its forward."""

    calls = 0

    @staticmethod
    def forward(ctx, x):
        CountedTanh.calls += 1
        y = torch.tanh(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, dout):
        (y,) = ctx.saved_tensors
        return dout * (1 - y * y)


class ItemTanh(CountedTanh):
    """A forward that vmap cannot run (.item())."""

    @staticmethod
    def forward(ctx, x):
        y = torch.tanh(x) * (1.0 + 0.0 * float(x.sum().item()))
        ctx.save_for_backward(y)
        return y


def _draw(built: Derivation, trials: int = 1) -> dict[str, torch.Tensor]:
    drawn = sample_trials(built, 0, trials, 0, dtype=torch.float64, device="cpu")
    return {n: v[0] for n, v in drawn.items()}


@pytest.mark.parametrize("fn", [CountedTanh, ItemTanh])
def test_finite_differences_match_autograd(fn) -> None:
    built = function_derivation(fn, shapes={"x": (8, 8)})
    tensors = _draw(built)
    numeric = numeric_gradient(function_of(built), tensors, "x")
    exact = tensors["dout"] * (1 - torch.tanh(tensors["x"]) ** 2)
    torch.testing.assert_close(numeric, exact, rtol=1e-8, atol=1e-10)


def test_finite_differences_call_the_forward_once_per_block_not_per_element() -> None:
    built = function_derivation(CountedTanh, shapes={"x": (8, 8)})
    tensors = _draw(built)
    CountedTanh.calls = 0
    expected_gradients(function_of(built), tensors)
    assert CountedTanh.calls == 1  # 128 perturbed copies in one vmapped call


def test_a_function_checked_by_finite_differences_runs_its_trials_at_once() -> None:
    CountedTanh.calls = 0
    report = check(CountedTanh, shapes={"x": (8, 8)}, trials=10, vary_sizes=False,
                   probe_scales=False, contract=False)
    assert report.ok
    # per trial: its backward's forward; for all trials together: a few vmapped calls; and
    # autograd under vmap compared once with the loop's on a few trials
    from verify.engine import CROSS_CHECKED
    assert CountedTanh.calls < 2 * 10 + 10 + CROSS_CHECKED + 1


# 11. time and memory


def test_time_and_memory_against_the_reference() -> None:
    row = item(Square, square, "speed", shapes={"x": (64, 64)})
    assert row.verdict == "measured"
    assert re.match(r"\d+\.\d\dx the time, \d+\.\d\dx the peak memory of autograd of square "
                    r"\([\d.]+ vs [\d.]+ ms, [\d,]+ vs [\d,]+ bytes, cpu\)$", row.evidence)
    assert item(Square, None, "speed", shapes=SHAPE).verdict == "not checked"


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_the_contract_on_cuda() -> None:
    report = check(Square, square, shapes=SHAPE, device="cuda", **FAST, compile=False,
                   complex=True)
    rows = {i.item: i for i in report.contract}
    assert report.ok, report.explain_failure()
    assert rows["speed"].evidence.endswith((" bytes, cuda:0)", " bytes, cuda)"))
    assert rows["layouts"].verdict == "verified"


class ReluInPlace(torch.autograd.Function):
    """ReLU that writes into its input and marks it dirty, saving the result."""

    @staticmethod
    def forward(ctx, x):
        x.relu_()
        ctx.mark_dirty(x)
        ctx.save_for_backward(x)
        return x

    @staticmethod
    def backward(ctx, grad_output):
        out, = ctx.saved_tensors
        return grad_output * (out > 0).to(grad_output.dtype)


def test_a_function_that_works_in_place_keeps_its_contract() -> None:
    """Every item runs it on copies of the draws and of the leaves, as autograd runs an
    in-place operation (on a leaf that requires a gradient it refuses one); torch.compile,
    which gives such a Function other gradients than eager, is not checked."""
    report = check(ReluInPlace, torch.relu, shapes=SHAPE, **FAST)
    rows = {i.item: i for i in report.contract}
    assert report.verdict == "verified", [(i.item, i.diagnosis) for i in report.contract]
    for name in ("undefined", "reentrant", "layouts", "double_backward"):
        assert rows[name].verdict == "verified", (name, rows[name].diagnosis)
    assert rows["compile"].verdict == "not checked"
    assert "changes its input in place" in rows["compile"].evidence
