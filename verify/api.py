"""Check your own derivation: a loss, your gradient of it, and the shapes of its inputs.

    >>> import torch
    >>> from verify import check
    >>> def loss(w, x, t):                  # E = 1/2 (sigma(x . w) - t)^2
    ...     return 0.5 * (torch.sigmoid(x @ w) - t) ** 2
    >>> def grad(w, x, t):                  # dE/dw = (O - t) O (1 - O) x
    ...     O = 1 / (1 + torch.exp(-(x @ w)))
    ...     return (O - t) * O * (1 - O) * x
    >>> check(loss, grad, wrt="w", shapes={"w": 5, "x": 5, "t": ()}, draws={"t": "uniform"},
    ...       trials=200).verdict
    'verified'

The gradient is called with the same arguments as the loss and returns one gradient per
name in ``wrt``, in order. Numpy code works unchanged: a gradient that returns numpy arrays,
or that fails on tensors and runs on numpy arrays, or that writes numpy's ``axis=`` and
never torch's ``dim=`` (see ``verify.usercode.written_for_numpy``), is handed numpy arrays
from then on (say ``numpy=True`` to skip the detection). It cannot be vectorised over
trials, so it runs one trial at a time, with the same verdicts.
"""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import torch
from torch import Tensor

from derivations.core import Derivation, Input, Node, Step, keep
from verify import messages as say
from verify.contract import contract_switches, with_contract
from verify.custom import function_derivation, is_function, suited_trials
from verify.draws import Draw, arguments, inputs, name_of, signature_text, source_of
from verify.engine import verify
from verify.errors import DerivationError, UsageError
from verify.report import DerivationReport, Origin
from verify.trials import array_tensor
from verify.usercode import (
    UNDECIDED,
    NumpyGradient,
    holds_numpy,
    holds_tensors,
    raised_at,
    source_file,
    user_error,
    written_for_numpy,
)

__all__ = ["check", "derivation", "derivation_of", "raised_at"]


def derivation(loss: Callable[..., Tensor], grad: Callable[..., Any], *,
               wrt: str | Sequence[str], shapes: Mapping[str, Any],
               draws: Mapping[str, Draw] | None = None, sizes: Mapping[str, int] | None = None,
               numpy: bool | None = None, name: str | None = None) -> Derivation:
    """A Derivation made of your loss and your gradient, with one step per name in ``wrt``.

    Args:
        loss: ``loss(**inputs)``, a scalar built from torch operations.
        grad: ``grad(**inputs)``, your gradient of the loss: one tensor (or numpy array) per
            name in ``wrt``, in that order (a tuple for several, or a dict keyed by name).
        wrt: the argument, or arguments, differentiated.
        shapes: the shape of each argument, e.g. ``{"w": (1, 10), "x": (1, 10)}``.
        draws: how arguments are drawn when not near-normal: ``"uniform"``, ``"positive"``,
            ``"onehot"``, ``("labels", classes)``, a fixed value (see ``verify.draws``).
        sizes: values of the size names used in ``shapes``, e.g. ``{"N": 4}``.
        numpy: True when ``grad`` takes and returns numpy arrays; None detects it.
        name: what reports call it (default: the gradient function's name).

    Returns:
        A Derivation, for ``check``, ``verify`` or ``verify-grads check``.

    Raises:
        UsageError: a name in ``wrt`` or ``shapes`` that is not an argument of the loss, an
            argument with no shape, a bad draw, or a gradient that cannot take the inputs.
    """
    drawn = inputs(loss, shapes, draws, sizes)
    names = [i.name for i in drawn]
    wrt = _wrt(wrt, drawn, loss)
    _takes(grad, names)
    label = name or name_of(grad)
    formula = f"{signature_text(grad, names)}" + ("[{}]" if len(wrt) > 1 else "")
    steps = tuple(Step(f"d{n}", n, formula.format(i)) for i, n in enumerate(wrt))
    try:
        return Derivation(name=label, title=f"{name_of(grad)} against autograd of {name_of(loss)}",
                          source=source_of(grad), loss=_Loss(loss), inputs=drawn, steps=steps,
                          gradient=_ClosedForm(grad, wrt, numpy), sizes=dict(sizes or {}))
    except ValueError as error:
        raise UsageError(str(error)) from None


def check(loss: Callable[..., Any] | Derivation, grad: Callable[..., Any] | None = None, *,
          wrt: str | Sequence[str] | None = None, shapes: Mapping[str, Any] | None = None,
          draws: Mapping[str, Draw] | None = None, sizes: Mapping[str, int] | None = None,
          numpy: bool | None = None, name: str | None = None, trials: int = 1000,
          seed: int = 0, dtype: str | torch.dtype = "float64",
          device: str | torch.device = "cpu", rtol: float | None = None,
          atol: float | None = None, numeric: bool = False, shrink: bool = True,
          vary_sizes: bool = True, probe_scales: bool = True,
          explain: bool = True, **contract: bool) -> DerivationReport:
    """Check a gradient against torch.autograd on ``trials`` random draws of the inputs.

    Three forms: ``check(loss, grad, wrt=..., shapes=...)`` checks your gradient of your
    loss; ``check(MyFunction, reference, shapes=...)`` checks the backward of a
    ``torch.autograd.Function`` against autograd of a plain ``reference`` forward, or
    against central finite differences in float64 when ``reference`` is None;
    ``check(a_derivation)`` checks a Derivation, every step of it.

    Args:
        loss: the loss, a ``torch.autograd.Function`` subclass, or a Derivation.
        grad: your gradient (or, for a Function, the reference forward).
        wrt, shapes, draws, sizes, numpy, name: as for ``derivation`` (for a Function,
            ``wrt`` defaults to every argument drawn as real numbers).
        trials: how many random draws of the inputs.
        seed: seeds the draws; the same seed gives the same report.
        dtype: float64 (default), float32, float16 or bfloat16.
        device: cpu, cuda or cuda:N.
        rtol, atol: your own tolerance, both or neither: a trial passes when
            ``max |derived - autograd| <= atol + rtol x max |autograd|``.
        numeric, shrink, vary_sizes, probe_scales, explain: as for ``verify.verify``.
        **contract: for a Function, items of its contract to switch off (``compile=False``;
            ``contract=False`` for all): see ``verify.contract``. Its report is then a
            ``FunctionReport``, with one row per item.

    Returns:
        The DerivationReport: ``.ok``, ``.verdict``, ``.explain_failure()``.

    Raises:
        UsageError: misuse (see ``derivation``); a wrong gradient is a verdict, not an error.
    """
    switches = contract_switches(loss, contract)
    built = derivation_of(loss, grad, wrt=wrt, shapes=shapes, draws=draws, sizes=sizes,
                          numpy=numpy, name=name)
    report = verify(built, trials=suited_trials(built, trials), seed=seed, dtype=dtype,
                    device=device, rtol=rtol, atol=atol, numeric=numeric, shrink=shrink,
                    vary_sizes=vary_sizes, probe_scales=probe_scales, explain=explain)
    report = dataclasses.replace(report, origin=Origin(Origin.CHECK, rtol=rtol, atol=atol))
    return report if switches is None else with_contract(report, built, switches, rtol=rtol,
                                                         atol=atol)


def derivation_of(loss: Callable[..., Any] | Derivation, grad: Callable[..., Any] | None = None,
                  *, wrt: str | Sequence[str] | None = None,
                  shapes: Mapping[str, Any] | None = None,
                  draws: Mapping[str, Draw] | None = None,
                  sizes: Mapping[str, int] | None = None, numpy: bool | None = None,
                  name: str | None = None) -> Derivation:
    """The Derivation that ``check`` verifies when given these arguments (see ``check``)."""
    spec = dict(wrt=wrt, shapes=shapes, draws=draws, sizes=sizes, name=name)
    if isinstance(loss, Derivation):
        given = [k for k, v in {**spec, "grad": grad, "numpy": numpy}.items() if v is not None]
        if given:
            raise UsageError(f"check(derivation) takes no {given[0]}: the Derivation has it")
        return loss
    if is_function(loss):
        if numpy is not None:
            raise UsageError("numpy= is for gradient functions, not autograd.Functions")
        return function_derivation(loss, grad, **_required(spec, "shapes"))
    if grad is None:
        raise UsageError("check(loss, grad, ...) needs your gradient function")
    return derivation(loss, grad, numpy=numpy, **_required(spec, "wrt", "shapes"))


class _Loss:
    """Your loss as the engine calls it: ``loss(**inputs, node=...)``, nodes unused. A loss
    of one element in any shape (``x.T @ A @ x`` of column vectors is (1, 1)) is that
    number, as ``backward()`` takes it."""

    def __init__(self, loss: Callable[..., Tensor]) -> None:
        self.loss = loss
        self.__name__ = name_of(loss)  # how errors raised here name it

    def __call__(self, /, node: Node = keep, **inputs: Tensor) -> Tensor:
        try:
            value = self.loss(**inputs)
        except (Exception, SystemExit) as error:
            raise user_error(self.loss, error) from error
        if isinstance(value, Tensor) and value.ndim and value.numel() == 1:
            return value.reshape(())
        return value


class _ClosedForm:
    """Your gradient as the engine calls it: torch in, ``{step name: tensor}`` out."""

    def __init__(self, grad: Callable[..., Any], wrt: tuple[str, ...], numpy: bool | None):
        self.grad, self.wrt, self.numpy = grad, wrt, numpy
        self.__name__ = name_of(grad)  # how errors raised here name it
        # numpy code that tensors would also run, with another meaning: numpy arrays first
        self.written_for_numpy = numpy is None and written_for_numpy(grad)
        self.numpy_first = self.written_for_numpy
        self.made_tensors = False  # given numpy arrays, it returned tensors it made

    def __call__(self, /, **inputs: Tensor) -> dict[str, Any]:
        device = next(iter(inputs.values())).device
        return self._by_step(self._call(inputs), device)

    def numpy_parts(self) -> NumpyGradient | str | None:
        """How the engine may call a gradient of numpy arrays itself (see
        ``verify.usercode.numpy_gradient``): its parts, UNDECIDED while it has yet to
        find out whether it takes them, None for torch code."""
        if self.numpy is None:
            return UNDECIDED
        if self.numpy and not self.made_tensors:
            return NumpyGradient(self.grad, _to_torch, self._by_step)
        return None  # (code that made tensors of the arrays goes through ``_call``)

    def _call(self, inputs: dict[str, Tensor]) -> Any:
        if self.numpy is None:
            return self._detect(inputs)
        try:
            return self._with_numpy(inputs) if self.numpy else _as_torch(self.grad(**inputs),
                                                                          inputs)
        except (Exception, SystemExit) as error:
            if self.numpy and self.made_tensors and not self.written_for_numpy:
                # torch code that numpy arrays ran in one dtype and not in another (a
                # float64 scalar goes into a tensor, a float32 one does not): tensors
                with contextlib.suppress(Exception, SystemExit):
                    result = self.grad(**{n: v.clone() for n, v in inputs.items()})
                    self.numpy = False
                    return result
            raise user_error(self.grad, error) from error

    def _detect(self, inputs: dict[str, Tensor]) -> Any:
        """Numpy code or torch code? Tensors are tried first, so that torch code can be
        vectorised; once tensors have failed (as numpy code fails under vmap), numpy arrays
        first. A try on tensors gets copies: a failed try may have written into them. Code
        written for numpy that tensors would also run (see ``written_for_numpy``) is tried
        on numpy arrays first, and never decided on inputs that cannot become arrays (a
        vmapped trial axis): it then runs one trial at a time, where they can."""
        if self.numpy_first and not _as_arrays(inputs):
            raise DerivationError("numpy code runs one trial at a time")
        errors: dict[str, BaseException] = {}
        for numpy in (True, False) if self.numpy_first else (False, True):
            try:
                if numpy:
                    raw = self._numpy_result(inputs)
                    result = _to_torch(raw, next(iter(inputs.values())).device)
                else:
                    with warnings.catch_warnings():  # numpy code handed tensors may warn
                        warnings.simplefilter("ignore")
                        result = self.grad(**{n: v.clone() for n, v in inputs.items()})
            except (Exception, SystemExit) as error:
                self.numpy_first |= not numpy
                errors["numpy arrays" if numpy else "tensors"] = error
                continue
            # torch code may run on numpy arrays by chance, making tensors of them
            self.made_tensors = numpy and holds_tensors(raw) and not holds_numpy(raw)
            self.numpy = numpy or holds_numpy(result)
            if self.numpy and not numpy:  # tensors in, numpy out: numpy code, or torch
                try:                      # code that ends in ``.numpy()``
                    return self._with_numpy(inputs)
                except (Exception, SystemExit):
                    self.numpy = False
                    return _as_torch(result, inputs)
            return result
        first = max(errors.values(), key=lambda e: _progress_in(self.grad, e))
        raise user_error(self.grad, first) from first

    def _with_numpy(self, inputs: dict[str, Tensor]) -> Any:
        """Numpy arrays in, tensors out (see ``_numpy_result``)."""
        return _to_torch(self._numpy_result(inputs), next(iter(inputs.values())).device)

    def _numpy_result(self, inputs: dict[str, Tensor]) -> Any:
        """What the gradient returns given numpy arrays (bfloat16, which numpy lacks, as the
        float32 arrays that hold the same values); numpy's overflow warnings are silenced:
        large input scales are drawn on purpose."""
        arrays = {n: (v.float() if v.dtype == torch.bfloat16 else v).detach().cpu().numpy()
                  for n, v in inputs.items()}
        with np.errstate(all="ignore"):
            return self.grad(**arrays)

    def _by_step(self, result: Any, device: torch.device) -> dict[str, Any]:
        grad, wrt = name_of(self.grad), self.wrt
        if _loss_and_gradients(result, len(wrt)):  # ``return loss, grads``, as a model's
            result = result[1] if len(result) == 2 else result[1:]  # loss() does
        fields = getattr(result, "_fields", None)
        if isinstance(fields, tuple) and all(_key_of(n, fields) for n in wrt):
            result = result._asdict()  # a namedtuple whose fields name the gradients
        elif dataclasses.is_dataclass(result) and not isinstance(result, type):
            result = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
        if isinstance(result, Mapping):
            keys = [_key_of(n, result) for n in wrt]
            if None in keys:
                absent = wrt[keys.index(None)]
                got = ", ".join(repr(k) for k in result) or "none"
                raise DerivationError(f"{grad} returned no gradient for {absent!r} (its keys: "
                                      f"{got}): key each by its argument's name, {absent!r} "
                                      f"or 'd{absent}'")
            values = [result[k] for k in keys]
        elif len(wrt) == 1 and _number_rows(result):
            values = [_to_torch(result, device, top=False)]
        elif len(wrt) == 1 and isinstance(result, list) and len(result) > 1 \
                and all(_number(x) for x in result):  # ``[dw0, dw1, dw2]``: one vector
            values = [torch.tensor([float(x) for x in result], dtype=torch.float64,
                                   device=device)]
        else:  # of several gradients, one may be numbers in a list (``return dw, dv``)
            values = [_numbers_as_tensor(v, device) for v in result] \
                if isinstance(result, (tuple, list)) else [result]
        if len(values) != len(wrt):
            raise DerivationError(f"{grad} returned {len(values)} gradients for "
                                  f"{len(wrt)} in wrt ({', '.join(wrt)}): return one per "
                                  "name, in that order")
        for n, value in zip(wrt, values, strict=True):
            if value is None:
                raise DerivationError(f"{grad} returned None as the gradient of {n!r}")
            kind = _not_a_gradient(value)
            if kind == "complex":
                raise DerivationError(say.gradient_complex(
                    grad, n, str(value.dtype).removeprefix("torch.")))
            if kind is not None:
                raise DerivationError(say.gradient_not_tensor(grad, n, kind))
            if isinstance(value, Tensor) and value.device != device:
                raise DerivationError(f"{grad} returned the gradient of {n!r} on "
                                      f"{value.device}, but the inputs are on {device}: "
                                      "compute on the inputs' device")
        return {f"d{n}": value.to_dense() if _sparse(value) else value
                for n, value in zip(wrt, values, strict=True)}


def _not_a_gradient(value: Any) -> str | None:
    """None for what a gradient's value can be (a tensor, an array or a number of real or
    boolean values, or lists of them); "complex" for complex values; else the name of the
    value's type."""
    if isinstance(value, (Tensor, np.ndarray, np.generic)):
        dtype = value.dtype
        if dtype in (torch.complex32, torch.complex64, torch.complex128) or \
                (isinstance(dtype, np.dtype) and dtype.kind == "c"):
            return "complex"
        if isinstance(dtype, np.dtype) and dtype.kind not in "biuf":
            return f"array of {dtype}"
        return None
    if isinstance(value, complex):
        return "complex"
    if isinstance(value, (bool, int, float)):
        return None
    if isinstance(value, (list, tuple)):
        return next((k for k in map(_not_a_gradient, value) if k is not None), None)
    return type(value).__name__


def _sparse(value: Any) -> bool:
    return isinstance(value, Tensor) and value.layout != torch.strided


def _as_arrays(inputs: Mapping[str, Tensor]) -> bool:
    """Can the inputs become numpy arrays (not so under vmap)?"""
    try:
        for v in inputs.values():
            (v.float() if v.dtype == torch.bfloat16 else v).detach().cpu().numpy()
    except (RuntimeError, TypeError):
        return False
    return True


def _to_torch(result: Any, device: torch.device, top: bool = True) -> Any:
    """Numpy values and numbers as tensors, in the containers that hold them; below the
    top, a list of numbers (``[dw0, dw1, dw2]`` of ``return dw, db``) is a vector and a
    list of lists of numbers (``[[w.grad for w in row] for row in W]``) a matrix."""
    if isinstance(result, Mapping):
        return {k: _to_torch(v, device, top=False) for k, v in result.items()}
    if not top:
        converted = _numbers_as_tensor(result, device)
        if converted is not result:
            return converted
    elif _number_rows(result):  # one gradient's rows, or several gradients: ``_by_step``
        return result
    if isinstance(result, (tuple, list)):
        items = [_to_torch(v, device, top=False) for v in result]
        if hasattr(result, "_fields"):  # a namedtuple is built from its fields one by one
            return type(result)(*items)
        return type(result)(items)
    if isinstance(result, (np.ndarray, np.generic, int, float)) and \
            np.asarray(result).dtype.kind in "biufc":  # others: ``_by_step`` names them
        array = np.asarray(result)
        if array.dtype.kind == "f" and array.dtype.itemsize > 8:  # long double: no tensor
            array = array.astype(np.float64)             # holds it; float64 rounds it
        return array_tensor(array, device)
    return result


def _key_of(name: str, keys: Any) -> Any:
    """The key that holds the gradient of ``name``: the name itself, else ``dW1``,
    ``d_W1``, ``grad_W1`` or ``W1_grad``, the ways courses name it; None if none."""
    return next((k for k in (name, f"d{name}", f"d_{name}", f"grad_{name}", f"{name}_grad")
                 if k in keys), None)


def _loss_and_gradients(result: Any, count: int) -> bool:
    """A number, then a dict of the gradients or one gradient per name of wrt: the loss and
    its gradients, as a model's ``loss()`` returns them (CS231n's ``loss, grads =
    net.loss(X, y)`` and ``loss, dW = svm_loss_vectorized(W, X, y, reg)``)."""
    if not (isinstance(result, tuple) and len(result) >= 2):
        return False
    if not _one_number(result[0]):
        return False
    if isinstance(result[1], Mapping):
        return len(result) == 2
    # gradients that are all numbers as well may be one gradient too many (``dw, db``)
    return len(result) == count + 1 and not all(_one_number(g) for g in result[1:])


def _one_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.generic)) or (
        isinstance(value, (np.ndarray, Tensor)) and int(np.prod(np.shape(value))) == 1)


def _as_torch(result: Any, inputs: Mapping[str, Tensor]) -> Any:
    """What torch code returned, with the numpy arrays in it made tensors (``.numpy()`` at
    its end)."""
    if not holds_numpy(result):
        return result
    return _to_torch(result, next(iter(inputs.values())).device)


def _numbers_as_tensor(value: Any, device: torch.device) -> Any:
    """A list of numbers as a float64 vector, a list of rows of numbers as a matrix; any
    other value as it is."""
    if _number_rows(value):
        return torch.tensor([[float(x) for x in row] for row in value], dtype=torch.float64,
                            device=device)
    if isinstance(value, (tuple, list)) and value and all(_number(x) for x in value):
        return torch.tensor([float(x) for x in value], dtype=torch.float64, device=device)
    return value


def _number_rows(value: Any) -> bool:
    """A list or tuple of lists or tuples of numbers (or one-number tensors), all of one
    length?"""
    if not isinstance(value, (list, tuple)) or not value \
            or not all(isinstance(row, (list, tuple)) for row in value):
        return False
    return len({len(row) for row in value}) == 1 and all(
        _number(x) for row in value for x in row)


def _number(x: Any) -> bool:
    """A plain number, a numpy scalar or a tensor of one number."""
    return (isinstance(x, (int, float, np.generic)) and not isinstance(x, bool)) \
        or (isinstance(x, Tensor) and x.dim() == 0)


def _progress_in(fn: Callable[..., Any], error: BaseException) -> int:
    """How far into ``fn``'s file the error got (its last line there): of two failed
    tries, the one that got further is the real failure, the other a wrong guess."""
    location = raised_at(error, source_file(fn))
    line = location.rpartition(":")[2]
    return int(line) if line.isdigit() else 0


def _wrt(wrt: str | Sequence[str], drawn: tuple[Input, ...], loss: Callable[..., Any]
         ) -> tuple[str, ...]:
    names = (wrt,) if isinstance(wrt, str) else tuple(wrt)
    kinds = {i.name: i.draw for i in drawn}
    if not names:
        raise UsageError("wrt is empty: name the argument(s) your gradient differentiates")
    for n in names:
        if n not in kinds:
            found = arguments(loss)
            if found is None or n not in found[0]:
                where = signature_text(loss, found[0] if found else list(kinds))
                raise UsageError(f"wrt names {n!r}, which is not an argument of {where}")
            raise UsageError(f"wrt names {n!r}, which has no shape: add it to shapes")
        if kinds[n] == "labels":
            raise UsageError(f"wrt names {n!r}, integer labels: they have no gradient")
    if len(set(names)) != len(names):
        raise UsageError(f"wrt repeats a name: {names}")
    return names


def _takes(grad: Callable[..., Any], names: list[str]) -> None:
    try:
        inspect.signature(grad).bind(**dict.fromkeys(names))
    except TypeError as error:
        raise UsageError(f"{name_of(grad)} must take the loss's arguments ({', '.join(names)}) "
                         f"by name: {error}") from None
    except ValueError:  # no signature to read: it will be called and judged
        pass


def _required(spec: dict[str, Any], *names: str) -> dict[str, Any]:
    for n in names:
        if spec[n] is None:
            raise UsageError(f"check needs {n}=...")
    return {k: v for k, v in spec.items() if v is not None}


