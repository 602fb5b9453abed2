"""The contract of a Function's backward beyond its values: how autograd really calls it.

- undefined upstream gradients: an output that was not used has no gradient; backward gets
  zeros, or None after ``ctx.set_materialize_grads(False)``, and must count it as zero;
- ``needs_input_grad``: with some inputs not requiring grad, the others' gradients stay as
  they are with every input requiring grad;
- reentrancy: backward twice on one graph (``retain_graph=True``) gives the same result, the
  upstream gradient is not written into, two runs agree;
- memory layouts: an upstream gradient transposed, non-contiguous, expanded (stride 0) or
  channels-last gives the same gradients as a contiguous one, and the gradients returned
  have the inputs' shape, dtype and device;
- non-tensor arguments: passed as given, and backward returns None for each.

Each is judged against the Function itself (its values are the values check's to judge),
so that a wrong gradient is reported once, where it belongs.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from verify.contract_subject import (
    SAME_RTOL,
    Broken,
    NotApplicable,
    Subject,
    Tolerance,
    contract_item,
    gap,
)
from verify.errors import DerivationError

__all__ = ["constants", "layouts", "needs_input_grad", "reentrancy", "undefined_gradients"]

_SAME = Tolerance(SAME_RTOL)


@contract_item("undefined", "undefined upstream gradients")
def undefined_gradients(subject: Subject) -> str:
    """Each output left unused in turn (and all of them): the gradients must be the
    Function's own for a zero upstream gradient there (zeros when no output is used)."""
    spec = subject.spec
    undefined = getattr(torch._C._functions, "UndefinedGrad", None)
    cases = [(f"output {k}", (i,)) for i, k in enumerate(spec.outputs)] \
        if len(spec.outputs) > 1 else []
    if undefined is not None:
        cases.insert(0, ("every output", tuple(range(len(spec.outputs)))))
    if not cases:
        raise NotApplicable("torch has no UndefinedGrad to make an undefined gradient with")
    for t, case in enumerate(subject.cases):
        for label, gone in cases:
            zeros = [torch.zeros_like(d) if i in gone else d
                     for i, d in enumerate(subject.douts(case))]
            expected = subject.derived(case, douts=zeros) if len(gone) < len(spec.outputs) \
                else {n: torch.zeros_like(case[n]) for n in spec.wrt}
            leaves = subject.leaves(case)
            try:
                with torch.enable_grad():
                    outputs = spec.apply(leaves)
                    if len(gone) == len(spec.outputs):
                        outputs = tuple(undefined()(y) for y in outputs)
                        douts = [torch.zeros_like(y) for y in outputs]
                    else:
                        douts = [None if i in gone else d
                                 for i, d in enumerate(subject.douts(case))]
                    grads = spec.backward(outputs, [leaves[n] for n in spec.wrt], douts)
            except DerivationError as error:
                raise Broken(f"with the upstream gradient of {label} undefined, {error}: an "
                              "unused output's gradient arrives as zeros, or as None after "
                              "ctx.set_materialize_grads(False); count None as zero") from None
            for n, g in zip(spec.wrt, grads, strict=True):
                if not _SAME.accepts(g, expected[n]):
                    raise Broken(f"with the upstream gradient of {label} undefined, d{n} is "
                                  f"off by {gap(g, expected[n]):.2g} (relative) from its "
                                  "value for a zero upstream gradient there: an undefined "
                                  "gradient must count as zero", f"draw {t}")
    shown = ", ".join(label for label, _ in cases)
    return f"{shown} undefined: counted as zero ({len(subject.cases)} draws)"


@contract_item("needs_input_grad", "needs_input_grad")
def needs_input_grad(subject: Subject) -> str:
    """Each input alone requiring grad, and all but each one: no failure, and for those
    that require grad the gradients of every input requiring grad."""
    spec = subject.spec
    wrt = spec.wrt
    if len(wrt) < 2:
        raise NotApplicable(f"one differentiated input ({wrt[0]})")
    subsets = list(dict.fromkeys([(n,) for n in wrt] +
                                 [tuple(m for m in wrt if m != n) for n in wrt]))
    every = [subject.derived(case) for case in subject.cases]
    for subset in subsets:
        only = ", ".join(subset)
        for t, case in enumerate(subject.cases):
            try:
                grads = subject.derived(case, subset)
            except DerivationError as error:
                raise Broken(f"with only {only} requiring grad, {error}: test "
                              "ctx.needs_input_grad[i] for each input and return None for "
                              "those that need no gradient") from None
            for n, g in grads.items():
                if g is None:
                    raise Broken(f"with only {only} requiring grad, backward returned no "
                                  f"gradient for {n}, which requires it: "
                                  f"ctx.needs_input_grad[{spec.names.index(n)}] is {n}'s flag")
                if not _SAME.accepts(g, every[t][n]):
                    raise Broken(f"with only {only} requiring grad, d{n} is off by "
                                  f"{gap(g, every[t][n]):.2g} (relative) from d{n} with every "
                                  "input requiring grad: a gradient depends on which other "
                                  "inputs require grad", f"draw {t}")
    return (f"{len(subsets)} subsets of {', '.join(wrt)}: as with all "
            f"({len(subject.cases)} draws)")


@contract_item("reentrant", "reentrant and deterministic")
def reentrancy(subject: Subject) -> str:
    """Backward twice on the same graph, the upstream gradient untouched, and a second run
    from scratch: all the same."""
    spec = subject.spec
    spread = 0.0
    for t, case in enumerate(subject.cases):
        leaves = subject.leaves(case)
        douts = subject.douts(case)
        with torch.enable_grad():
            outputs = spec.apply(leaves)
            first = _kept(spec.backward(outputs, [leaves[n] for n in spec.wrt], douts,
                                        retain_graph=True))
            _untouched(douts, subject.douts(case))
            try:
                second = spec.backward(outputs, [leaves[n] for n in spec.wrt], douts,
                                       retain_graph=True)
            except DerivationError as error:
                raise Broken(f"a second backward on the same graph (retain_graph=True) "
                              f"failed: {error}{_inplace_hint(error)}") from None
        for n, a, b in zip(spec.wrt, first, second, strict=True):
            if a is not None and not _SAME.accepts(b, a):
                raise Broken(f"not reentrant: a second backward on the same graph gives d{n} "
                              f"off by {gap(b, a):.2g} (relative) from the first: backward "
                              "changes what it saved (a tensor kept on ctx written in place, "
                              "as in grad *= dout); compute into a new tensor", f"draw {t}")
        again = subject.derived(case)
        for n, a in zip(spec.wrt, first, strict=True):
            if a is not None:
                spread = max(spread, gap(again[n], a))
        if spread > SAME_RTOL:
            raise Broken(f"not deterministic: two runs on the same inputs differ by "
                          f"{spread:.2g} (relative)", f"draw {t}")
    determinism = "identical" if spread == 0 else f"within {spread:.1g} (rounding)"
    return (f"twice on one graph: equal; dout untouched; reruns {determinism} "
            f"({len(subject.cases)} draws)")


def _kept(grads: tuple[Tensor | None, ...]) -> tuple[Tensor | None, ...]:
    """Copies: a backward may hand back a tensor it changes again later."""
    return tuple(None if g is None else g.detach().clone() for g in grads)


def _untouched(douts: list[Tensor], kept: list[Tensor]) -> None:
    for d, k in zip(douts, kept, strict=True):
        if not torch.equal(d, k):
            raise Broken(f"backward writes into its upstream gradient (changed by up to "
                          f"{gap(d, k):.2g}, relative): whoever else holds that gradient sees "
                          "the change; compute into a new tensor")


def _inplace_hint(error: BaseException) -> str:
    if "modified by an inplace operation" in str(error):
        return ("; the first backward modified a tensor saved for backward in place (y.mul_, "
                "+=): compute into a new tensor")
    return ""


def _layouts(d: Tensor) -> list[tuple[str, Tensor, Tensor]]:
    """(name, the upstream gradient in that layout, the same values contiguous)."""
    found = []
    if d.dim() >= 2:
        found.append(("transposed", d.mT.contiguous().mT, d))
    if d.dim() >= 1:
        found.append(("non-contiguous", torch.stack([d, torch.zeros_like(d)], -1)[..., 0], d))
        wide = next((k for k, s in enumerate(d.shape) if s > 1), None)
        if wide is not None:
            expanded = d.narrow(wide, 0, 1).expand_as(d)
            found.append(("expanded (stride 0)", expanded, expanded.contiguous()))
    if d.dim() in (4, 5):
        memory = torch.channels_last if d.dim() == 4 else torch.channels_last_3d
        found.append(("channels-last", d.contiguous(memory_format=memory), d))
    return found


@contract_item("layouts", "memory layouts")
def layouts(subject: Subject) -> str:
    """Every layout of the upstream gradient that its rank allows gives the gradients of
    the same values laid out contiguously; returned gradients fit their inputs."""
    spec = subject.spec
    case = subject.cases[0]
    douts = subject.douts(case)
    kinds = list(dict.fromkeys(name for d in douts for name, _, _ in _layouts(d)))
    for kind in kinds:
        strided, plain = [], []
        for d in douts:
            found = {name: (s, p) for name, s, p in _layouts(d)}
            s, p = found.get(kind, (d, d))
            strided.append(s)
            plain.append(p)
        try:
            got = subject.derived(case, douts=strided)
        except DerivationError as error:
            raise Broken(f"with a {kind} upstream gradient, {error}{_layout_hint(error)}"
                          ) from None
        wanted = subject.derived(case, douts=plain)
        for n in spec.wrt:
            if not _SAME.accepts(got[n], wanted[n]):
                raise Broken(f"with a {kind} upstream gradient, d{n} is off by "
                              f"{gap(got[n], wanted[n]):.2g} (relative) from the contiguous "
                              "one: backward reads the gradient's memory, not its values "
                              "(as_strided, data_ptr, storage)")
    _returned_fit(subject, case)
    shown = ", ".join(kinds) if kinds else "none for a 0-d gradient"
    return f"dout {shown}: same gradients; shape, dtype, device right"


def _layout_hint(error: BaseException) -> str:
    text = str(error)
    if "view size is not compatible" in text and "reshape" not in text:
        return "; use .reshape (or .contiguous() first) where .view needs contiguous memory"
    if "more than one element of the written-to tensor" in text:
        return "; backward writes into its upstream gradient: compute into a new tensor"
    return ""


def _returned_fit(subject: Subject, case: dict[str, Tensor]) -> None:
    """Calls backward directly (as autograd does, but before autograd converts or sums what
    it returns) and checks each gradient's shape, dtype and device against its input."""
    spec = subject.spec
    leaves = subject.leaves(case)
    with torch.enable_grad():
        result = spec.fn.apply(*spec.arguments(leaves))
    outputs = result if isinstance(result, tuple) else (result,)
    node = next((y.grad_fn for y in outputs if isinstance(y, Tensor) and y.grad_fn is not None),
                None)
    if node is None or not hasattr(node, "_forward_cls"):
        return
    douts = dict(zip(spec.outputs, subject.douts(case), strict=True))
    grads = [douts.get(k, torch.zeros_like(y) if isinstance(y, Tensor) else None)
             for k, y in enumerate(outputs)]
    try:
        returned = node.apply(*grads)
    except (Exception, SystemExit) as error:
        raise Broken(f"backward called directly: {error}") from None
    returned = returned if isinstance(returned, tuple) else (returned,)
    for k, n in enumerate(spec.names):
        if n not in spec.wrt or k >= len(returned):
            continue
        _fits(n, returned[k], leaves[n])


def _fits(name: str, grad: Any, x: Tensor) -> None:
    if not isinstance(grad, Tensor):
        return
    if grad.shape != x.shape:
        quiet = " (autograd sums it back quietly here, hiding the mistake)" \
            if _expandable(tuple(x.shape), tuple(grad.shape)) else ""
        raise Broken(f"backward returns d{name} of shape {tuple(grad.shape)} for {name} of "
                      f"shape {tuple(x.shape)}{quiet}: return the input's shape")
    if grad.dtype != x.dtype:
        raise Broken(f"backward returns d{name} in {_short(grad.dtype)} for {name} in "
                      f"{_short(x.dtype)} (autograd converts it, after the precision is lost or "
                      "the memory spent): return the input's dtype")
    if grad.device != x.device:
        raise Broken(f"backward returns d{name} on {grad.device} for {name} on {x.device}: "
                      "return it on the input's device")


def _expandable(shape: tuple[int, ...], to: tuple[int, ...]) -> bool:
    try:
        return torch.broadcast_shapes(shape, to) == torch.Size(to)
    except RuntimeError:
        return False


def _short(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


@contract_item("constants", "non-tensor arguments")
def constants(subject: Subject) -> str:
    """Arguments given as fixed Python values reach the forward as they are, and backward
    returns None for each of them."""
    spec = subject.spec
    if not spec.constants:
        raise NotApplicable("no non-tensor arguments")
    given = ", ".join(f"{n}={v!r} ({type(v).__name__})" for n, v in spec.constants.items())
    names = ", ".join(spec.names)
    fixed = ", ".join(spec.constants)
    try:
        subject.derived(subject.cases[0])
    except DerivationError as error:
        text = str(error)
        if "incorrect number of gradients" in text:
            raise Broken(f"backward returns the wrong number of gradients ({text}): return "
                          f"one per argument of forward ({names}), None for {fixed}") from None
        if "different than None" in text:
            raise Broken(f"backward returns a gradient for a non-tensor argument ({text}): "
                          f"return None for {fixed}") from None
        raise Broken(f"with {given}: {error}") from None
    return f"{given} passed as given; backward returns None for them"
