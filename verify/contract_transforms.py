"""The contract of a Function under torch's other transforms, and on complex numbers.

- double backward: the gradient of ``<v, backward(dout)>`` with respect to the inputs and to
  ``dout``, against the same through autograd of the reference (or directional central
  differences of the Function's own backward); ``@once_differentiable`` is declared, not a
  failure;
- forward mode: the ``jvp`` staticmethod's tangents against forward-mode autograd of the
  reference (or directional central differences of the forward);
- vmap: a batch of draws at once under ``torch.func.vmap`` (forward, and backward through
  ``torch.func.vjp``) gives each draw's own result;
- torch.compile: forward and backward compiled (backend ``COMPILE_BACKEND``, which needs no
  C++ compiler) give the eager results;
- complex inputs: the backward on complex128 inputs against autograd of the reference, which
  follows the conjugate Wirtinger convention ``dx = dout * conj(df/dx)``.

What a Function does not support is information; only a wrong result is a failure.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import torch
import torch.autograd.forward_ad as fwad
from torch import Tensor
from torch.autograd.function import once_differentiable

from verify.contract_subject import (
    SAME_RTOL,
    Broken,
    NotApplicable,
    Subject,
    Tolerance,
    Unsupported,
    contract_item,
    gap,
)
from verify.custom import FunctionSpec, function_error, has_setup_context
from verify.errors import DerivationError
from verify.numeric import NUMERIC_TOLERANCE, directional_difference, step_sizes

__all__ = [
    "COMPILE_BACKEND",
    "compiled",
    "complex_inputs",
    "double_backward",
    "forward_mode",
    "vmapped",
]

#: torch.compile's backend here: Dynamo and AOTAutograd trace the Function (where Functions
#: break), eager kernels run it (no C++ compiler, seconds rather than minutes).
COMPILE_BACKEND = "aot_eager"
_ONCE = once_differentiable(lambda ctx: None).__code__
_SAME = Tolerance(SAME_RTOL)


def is_once_differentiable(fn: type[torch.autograd.Function]) -> bool:
    """True when ``fn.backward`` is wrapped by ``@once_differentiable``."""
    return getattr(fn.backward, "__code__", None) is _ONCE


@contract_item("double_backward", "double backward")
def double_backward(subject: Subject) -> str:
    """d<v, backward(dout)> / d(inputs, dout), against the reference's."""
    spec = subject.spec
    if is_once_differentiable(spec.fn):
        raise Unsupported(f"{spec.name}.backward is marked @once_differentiable: no second "
                          "derivative, as declared")
    tolerance = subject.tolerance if spec.reference else Tolerance(NUMERIC_TOLERANCE)
    for t, case in enumerate(subject.cases):
        leaves = subject.leaves(case)
        douts = [d.requires_grad_() for d in subject.douts(case)]
        v = {n: subject.random_like(case[n], t) for n in spec.wrt}
        with torch.enable_grad():
            first = spec.backward(spec.apply(leaves), [leaves[n] for n in spec.wrt], douts,
                                  create_graph=True)
        if not any(g is not None and g.requires_grad for g in first):
            raise Broken(f"{spec.name}.backward's result is outside autograd (numpy, .detach(), "
                         ".data, torch.no_grad): mark backward @once_differentiable, or build it "
                         "from differentiable torch operations")
        targets = [leaves[n] for n in spec.wrt] + douts
        names = [*spec.wrt, *spec.douts]
        mine = _second(spec, first, v, targets)
        if spec.reference is not None:
            theirs = _second(spec, _reference_first(spec, leaves, douts), v, targets)
            for n, a, b in zip(names, mine, theirs, strict=True):
                if not tolerance.accepts(a, b):
                    raise Broken(_second_wrong(spec, n, a, b, subject.against), f"draw {t}")
        else:
            _against_differences(subject, t, leaves, douts, v, mine)
    return (f"d<v, backward>/d({', '.join([*spec.wrt, *spec.douts])}) vs {subject.against} "
            f"({len(subject.cases)} draws)")


def _second(spec: FunctionSpec, first: Sequence[Tensor | None], v: dict[str, Tensor],
            targets: list[Tensor]) -> list[Tensor]:
    """d<v, first>/d(targets), zeros where it does not depend on a target."""
    terms = [(g * v[n]).sum() for n, g in zip(spec.wrt, first, strict=True)
             if g is not None and g.requires_grad]
    try:
        grads = torch.autograd.grad(sum(terms), targets, allow_unused=True)
    except (Exception, SystemExit) as error:
        raise Broken(f"the second derivative through {spec.name}.backward failed: "
                     f"{function_error(spec.fn, 'backward', error)}") from None
    return [torch.zeros_like(x) if g is None else g for x, g in zip(targets, grads, strict=True)]


def _reference_first(spec: FunctionSpec, leaves: dict[str, Tensor], douts: list[Tensor]
                     ) -> tuple[Tensor | None, ...]:
    with torch.enable_grad():
        outputs = spec.reference_outputs(leaves)
        return torch.autograd.grad(list(outputs), [leaves[n] for n in spec.wrt], douts,
                                   create_graph=True, allow_unused=True)


def _second_wrong(spec: FunctionSpec, name: str, mine: Tensor, theirs: Tensor,
                  against: str) -> str:
    lost = ""
    if not mine.any() and theirs.any():
        lost = (f": backward's result does not depend on {name} through autograd (.detach(), "
                "numpy, .data, or a saved tensor changed in place)")
    return (f"the second derivative with respect to {name} is off by {gap(mine, theirs):.2g} "
            f"(relative) against {against}{lost}")


def _against_differences(subject: Subject, t: int, leaves: dict[str, Tensor],
                         douts: list[Tensor], v: dict[str, Tensor], mine: list[Tensor]) -> None:
    """<second derivative, h u> against central differences of <v, backward> along h u."""
    spec = subject.spec
    xs = [leaves[n].detach() for n in spec.wrt] + [d.detach() for d in douts]
    us = [subject.random_like(x, t + 1000) for x in xs]

    def projected(*moved: Tensor) -> Tensor:
        args = dict(zip(spec.wrt, moved, strict=False))
        grads = subject.derived({**subject.cases[t], **args}, douts=list(moved[len(spec.wrt):]))
        return sum((grads[n] * v[n]).sum() for n in spec.wrt if grads[n] is not None)

    numeric = directional_difference(projected, xs, us)
    exact = sum((g * step_sizes(x) * u).sum() for g, x, u in zip(mine, xs, us, strict=True))
    scale = sum((g * step_sizes(x) * u).abs().sum() for g, x, u in zip(mine, xs, us, strict=True))
    if abs(float(numeric - exact)) > NUMERIC_TOLERANCE * max(float(scale), 1e-300):
        raise Broken(f"the second derivative along a random direction is "
                     f"{float(exact):.6g}, but central differences of backward give "
                     f"{float(numeric):.6g}", f"draw {t}")


@contract_item("forward_mode", "forward mode (jvp)")
def forward_mode(subject: Subject) -> str:
    """The jvp staticmethod's output tangents against the reference's forward mode."""
    spec = subject.spec
    if spec.fn.jvp is torch.autograd.Function.jvp:
        raise Unsupported("no jvp staticmethod (forward-mode AD raises)")
    for t, case in enumerate(subject.cases):
        tangents = {n: step_sizes(case[n]) * subject.random_like(case[n], t) for n in spec.wrt}
        try:
            mine = _tangents(spec.apply, case, tangents)
        except DerivationError as error:  # written out as torch's own jvp has it
            if isinstance(error.__cause__, NotImplementedError):
                raise Unsupported("its jvp raises NotImplementedError (forward-mode AD "
                                  "raises)") from error
            raise
        theirs, against, tolerance = _reference_tangents(subject, case, tangents)
        for k, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            if not tolerance.accepts(a, b):
                raise Broken(f"the tangent of output {spec.outputs[k]} is off by "
                             f"{gap(a, b):.2g} (relative) against {against}", f"draw {t}")
    return f"tangents vs {against} ({len(subject.cases)} draws)"


def _tangents(forward: Callable[[dict[str, Tensor]], Sequence[Tensor]], case: dict[str, Tensor],
              tangents: dict[str, Tensor]) -> list[Tensor]:
    with warnings.catch_warnings(), fwad.dual_level():
        warnings.simplefilter("ignore", DeprecationWarning)  # torch's own, on first use
        duals = {**case, **{n: fwad.make_dual(case[n], u) for n, u in tangents.items()}}
        outputs = forward(duals)
        found = [fwad.unpack_dual(y).tangent for y in outputs]
    return [torch.zeros_like(y) if d is None else d for y, d in zip(outputs, found, strict=True)]


def _reference_tangents(subject: Subject, case: dict[str, Tensor],
                        tangents: dict[str, Tensor]) -> tuple[list[Tensor], str, Tolerance]:
    """Forward-mode autograd of the reference; central differences of the reference (or of
    the Function's forward) where there is none or it has no forward mode."""
    spec = subject.spec
    if spec.reference is not None:
        try:
            return (_tangents(spec.reference_outputs, case, tangents),
                    f"forward-mode {subject.against}", subject.tolerance)
        except DerivationError:
            pass
    forward = spec.reference_outputs if spec.reference is not None else spec.plain_forward
    names = list(tangents)

    def outputs(*moved: Tensor) -> Tensor:
        values = forward({**case, **dict(zip(names, moved, strict=True))})
        return torch.cat([y.reshape(-1) for y in values])

    steps = [tangents[n] / step_sizes(case[n]) for n in names]
    flat = directional_difference(outputs, [case[n] for n in names], steps)
    sizes = [y.numel() for y in forward(case)]
    shapes = [y.shape for y in forward(case)]
    parts = [p.reshape(s) for p, s in zip(flat.split(sizes), shapes, strict=True)]
    return parts, "central differences", Tolerance(NUMERIC_TOLERANCE)


@contract_item("vmap", "torch.func.vmap")
def vmapped(subject: Subject) -> str:
    """A batch of draws under vmap, forward and backward (torch.func.vjp), against each
    draw's own result."""
    spec = subject.spec
    if not has_setup_context(spec.fn):
        raise Unsupported("forward takes ctx: torch.func needs the setup_context style")
    if not getattr(spec.fn, "generate_vmap_rule", False) and \
            spec.fn.vmap is torch.autograd.Function.vmap:
        raise Unsupported("neither generate_vmap_rule = True nor a vmap staticmethod")
    batch = {n: torch.stack([c[n] for c in subject.cases]) for n in subject.cases[0]}
    wrt = list(spec.wrt)

    def one(tensors: dict[str, Tensor]) -> tuple[tuple[Tensor, ...], tuple[Tensor, ...]]:
        def forward(*xs: Tensor) -> tuple[Tensor, ...]:
            return spec.differentiable(spec.fn.apply(*spec.arguments(
                {**tensors, **dict(zip(wrt, xs, strict=True))})))
        outputs, pullback = torch.func.vjp(forward, *(tensors[n] for n in wrt))
        return outputs, pullback(tuple(tensors[d] for d in spec.douts))

    try:
        outputs, grads = torch.func.vmap(one)(batch)
    except (Exception, SystemExit) as error:
        raise Unsupported(f"under vmap, {function_error(spec.fn, 'vmap', error)}") from None
    for t, case in enumerate(subject.cases):
        eager = spec.apply(case)
        for k, (a, b) in enumerate(zip(outputs, eager, strict=True)):
            if not _SAME.accepts(a[t], b):
                raise Broken(f"under vmap, output {spec.outputs[k]} of draw {t} is off by "
                             f"{gap(a[t], b):.2g} (relative) from the unbatched call: the "
                             "vmap rule is wrong")
        derived = subject.derived(case)
        for n, g in zip(wrt, grads, strict=True):
            if not _SAME.accepts(g[t], derived[n]):
                raise Broken(f"under vmap, d{n} of draw {t} is off by "
                             f"{gap(g[t], derived[n]):.2g} (relative) from the unbatched "
                             "backward: the vmap rule is wrong")
    return f"a batch of {len(subject.cases)} draws: as unbatched, forward and backward"


@contract_item("compile", "torch.compile")
def compiled(subject: Subject) -> str:
    """Forward and backward under torch.compile against eager, on one draw."""
    spec = subject.spec
    if not hasattr(torch, "compile"):
        raise NotApplicable("this torch has no torch.compile")
    case = subject.cases[0]
    if _in_place(spec, case):
        raise NotApplicable("a Function that changes its input in place (ctx.mark_dirty): "
                            f"torch.compile (backend {COMPILE_BACKEND}) gives it other "
                            "gradients than eager does")
    leaves = subject.leaves(case)
    torch.compiler.reset()
    try:
        with warnings.catch_warnings(), torch.enable_grad():
            warnings.simplefilter("ignore")  # torch's own deprecations, met on first use
            run = torch.compile(lambda *args: spec.fn.apply(*args), backend=COMPILE_BACKEND)
            outputs = spec.differentiable(run(*spec.arguments(leaves)))
            grads = torch.autograd.grad(list(outputs), [leaves[n] for n in spec.wrt],
                                        subject.douts(case), allow_unused=True)
    except (Exception, SystemExit) as error:
        line = " ".join(str(error).split())[:160]
        raise Unsupported(f"torch.compile (backend {COMPILE_BACKEND}) cannot run it: "
                          f"{type(error).__name__}: {line}") from None
    finally:
        torch.compiler.reset()
    for k, (a, b) in enumerate(zip(outputs, spec.apply(case), strict=True)):
        if not _SAME.accepts(a, b):
            raise Broken(f"compiled, output {spec.outputs[k]} is off by {gap(a, b):.2g} "
                         "(relative) from eager: the Function does something tracing does not "
                         "see (Python state, torch.compiler.is_compiling())")
    derived = subject.derived(case)
    for n, g in zip(spec.wrt, grads, strict=True):
        if not _SAME.accepts(g, derived[n]):
            raise Broken(f"compiled, d{n} is off by {gap(g, derived[n]):.2g} (relative) from "
                         "eager: the Function does something tracing does not see")
    return f"backend {COMPILE_BACKEND}: as eager, forward and backward"


def _in_place(spec: Any, case: Mapping[str, Tensor]) -> bool:
    """Does the Function return one of its inputs, changed in place (``ctx.mark_dirty``)?"""
    arguments = spec.arguments(case)
    with torch.no_grad():
        result = spec.fn.apply(*arguments)
    outputs = result if isinstance(result, tuple) else (result,)
    return any(o is a for o in outputs for a in arguments if isinstance(a, Tensor))


@contract_item("complex", "complex inputs")
def complex_inputs(subject: Subject) -> str:
    """On complex128 inputs and upstream gradients, the backward against autograd of the
    reference (the conjugate Wirtinger convention)."""
    spec = subject.spec
    if spec.reference is None:
        raise NotApplicable("needs a reference forward")
    for t, (real, imaginary) in enumerate(zip(subject.cases, subject.spare, strict=False)):
        case = {n: torch.complex(v, imaginary[n]) if v.is_floating_point() else v
                for n, v in real.items()}
        try:
            mine = _complex_gradients(spec, spec.apply, case)
        except DerivationError as error:
            raise Unsupported(f"on complex128 inputs, {error}") from None
        try:
            theirs = _complex_gradients(spec, spec.reference_outputs, case)
        except DerivationError as error:
            raise NotApplicable(f"the reference does not run on complex inputs: {error}"
                                ) from None
        for n, a, b in zip(spec.wrt, mine, theirs, strict=True):
            if not subject.tolerance.accepts(a, b):
                raise Broken(_complex_wrong(spec, case, n, a, b, subject), f"draw {t}")
    return f"complex128: as {subject.against} ({len(subject.cases)} draws)"


def _complex_gradients(spec: FunctionSpec, forward: Callable[[dict[str, Tensor]],
                                                             Sequence[Tensor]],
                       case: dict[str, Tensor]) -> tuple[Tensor | None, ...]:
    leaves = {**case, **{n: case[n].detach().clone().requires_grad_() for n in spec.wrt}}
    with torch.enable_grad():
        outputs = forward(leaves)
        douts = [case[d] for d in spec.douts]
        return spec.backward(outputs, [leaves[n] for n in spec.wrt], douts)


def _complex_wrong(spec: FunctionSpec, case: dict[str, Tensor], name: str, mine: Tensor,
                   theirs: Tensor, subject: Subject) -> str:
    conjugated = {**case, **{d: case[d].conj() for d in spec.douts}}
    flipped = _complex_gradients(spec, spec.apply, conjugated)[spec.wrt.index(name)]
    if flipped is not None and subject.tolerance.accepts(flipped.conj(), theirs):
        return (f"d{name} on complex inputs lacks a conjugate: autograd's convention is "
                "dx = dout * conj(df/dx) (conjugate Wirtinger), e.g. 2 * x.conj() * dout for "
                "x ** 2")
    return (f"d{name} on complex inputs is off by {gap(mine, theirs):.2g} (relative) against "
            f"{subject.against}")
