"""The whole contract of a ``torch.autograd.Function``, checked item by item.

``check(MyFunction, reference, shapes=...)`` checks the values of every gradient its backward
returns (``verify.custom``, over many trials), then each item below on a few draws in
float64, and returns a ``FunctionReport``: the values report as before, plus one row per item
(``report.table()``, or print the report with rich). Each item is a keyword of ``check``
that switches it off (``compile=False``); ``contract=False`` switches off all of them.

    undefined         unused outputs' gradients undefined (None or zeros): counted as zero
    needs_input_grad  some inputs not requiring grad: no failure, the rest right
    reentrant         backward twice on one graph, the upstream gradient untouched, two runs
    layouts           upstream gradient transposed, non-contiguous, expanded, channels-last;
                      returned gradients of the inputs' shape, dtype and device
    double_backward   second derivatives against autograd of the reference
    forward_mode      the jvp staticmethod against the reference's forward mode
    vmap              under torch.func.vmap, as unbatched
    compile           under torch.compile, as eager
    complex           complex128 inputs, with autograd's conjugate Wirtinger convention
                      (off unless complex=True: most Functions are written for real numbers)
    constants         non-tensor arguments passed as given, None returned for them
    speed             time and peak memory of forward+backward against the reference's

Whatever the user's code raises in one item is that item's failure, located at its file and
line; the other items still run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import torch

from derivations.core import Derivation
from verify.contract_backward import (
    constants,
    layouts,
    needs_input_grad,
    reentrancy,
    undefined_gradients,
)
from verify.contract_cost import cost
from verify.contract_report import NOT_CHECKED, FunctionReport, ItemReport
from verify.contract_subject import subject_of
from verify.contract_transforms import (
    compiled,
    complex_inputs,
    double_backward,
    forward_mode,
    vmapped,
)
from verify.custom import function_of, is_function
from verify.errors import DerivationError, UsageError
from verify.report import ERROR, FAILED, DerivationReport

__all__ = ["ITEMS", "contract_switches", "with_contract"]

ITEMS = (undefined_gradients, needs_input_grad, reentrancy, layouts, double_backward,
         forward_mode, vmapped, compiled, complex_inputs, constants, cost)
_NAMES = tuple(item.name for item in ITEMS)
#: Why an item that is off by default is off.
_OFF = {"complex": "off: complex=True checks it"}


def contract_switches(checked: Any, switches: Mapping[str, Any]) -> dict[str, bool] | None:
    """The items switched on, from ``check``'s keywords; None when ``checked`` is no Function.

    Raises:
        UsageError: a keyword that names no item, a switch that is not a bool, or items
            switched for something that is not a Function.
    """
    if not is_function(checked):
        if switches:
            raise UsageError(f"check takes {next(iter(switches))}= only for a "
                             "torch.autograd.Function")
        return None
    for name, value in switches.items():
        if name != "contract" and name not in _NAMES:
            raise UsageError(f"check has no option {name!r}; the items of a Function's "
                             f"contract are {', '.join(_NAMES)} (and contract=False for none)")
        if not isinstance(value, bool):
            raise UsageError(f"{name}= must be True or False, not {value!r}")
    everything = switches.get("contract", True)
    chosen = {n: bool(switches.get(n, everything)) for n in _NAMES}
    chosen["complex"] = switches.get("complex", False)  # only a Function meant for complex
    return chosen


def with_contract(report: DerivationReport, derivation: Derivation,
                  switches: Mapping[str, bool], *, rtol: float | None = None,
                  atol: float | None = None) -> FunctionReport:
    """``report`` (the values of a ``function_derivation``) with every item switched on
    checked on the first draws of the same seed, on the same device."""
    spec = function_of(derivation)
    if spec is None:
        raise UsageError(f"{derivation.name} is not made by function_derivation")
    subject = subject_of(derivation, spec, seed=report.seed, device=report.device,
                         rtol=rtol, atol=atol)
    items = tuple(_run(item, subject) if switches.get(item.name) else _off(item)
                  for item in ITEMS)
    values = {f.name: getattr(report, f.name) for f in dataclasses.fields(DerivationReport)}
    return FunctionReport(**values, contract=items)


def _off(item: Any) -> ItemReport:
    return ItemReport(item.name, item.title, NOT_CHECKED, _OFF.get(item.name, "switched off"))


def _run(item: Any, subject: Any) -> ItemReport:
    """One item; what the user's code raises is its failure, anything else a bug here."""
    try:
        return item(subject)
    except DerivationError as error:
        return ItemReport(item.name, item.title, FAILED, "", str(error))
    except torch.cuda.OutOfMemoryError as error:
        return ItemReport(item.name, item.title, ERROR, "", f"out of memory: {error}")
    except Exception as error:  # an item's own bug: reported, and the other items still run
        return ItemReport(item.name, item.title, ERROR, "",
                          f"internal error: {type(error).__name__}: {error} (a bug in "
                          "verify-grads, not in your code)")
