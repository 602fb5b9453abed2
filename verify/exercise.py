"""Exercises: a built-in derivation handed out as a file to fill in, graded step by step.

``skeleton(NAME)`` is the text of the file: the loss (given), and one function per step of
the derivation, each with what it differentiates and its shape in its docstring and a body
left to write. The file ends by making a Derivation of its functions with ``graded``, so
``verify-grads check FILE`` grades it step by step; a step whose body is still to write is
reported as missing, not as an error of the whole file.

``hints(report, NAME, level)`` reveals, for the first step that is not right, hint 1 (the
shape), then 2 (what is wrong with it: the diagnosis), then 3 (the formula). The solution is
only shown when asked for (``solution(NAME)``).
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import torch
from torch import Tensor

from derivations.core import Derivation, Step
from verify.errors import UsageError
from verify.report import FAILED, DerivationReport

__all__ = ["HINT_LEVELS", "TO_WRITE", "given_loss", "graded", "hints", "skeleton",
           "solution", "step_function_name"]

#: The hints there are: 1 the shape, 2 the cause, 3 the formula.
HINT_LEVELS = (1, 2, 3)
#: What the body of a step still to write raises.
TO_WRITE = "write this step"


def _registry() -> dict[str, Derivation]:
    from derivations import REGISTRY
    return REGISTRY


def builtin(name: str) -> Derivation:
    """The built-in derivation ``name``, or a UsageError naming the choices."""
    registry = _registry()
    if name not in registry:
        raise UsageError(f"no built-in derivation {name!r}; 'verify-grads list' shows all "
                         f"{len(registry)}")
    return registry[name]


def step_function_name(step: str) -> str:
    """A step's name as a Python name: ``dE/dW_jk`` -> ``dE_dW_jk``, ``dJ/dz^(3)`` ->
    ``dJ_dz_3``, ``dz/dz`` -> ``dz_dz``."""
    name = re.sub(r"\W+", "_", step).strip("_")
    return name if name.isidentifier() else f"step_{name}"


def given_loss(name: str) -> Callable[..., Tensor]:
    """The loss of the built-in ``name``, as an exercise file uses it."""
    return builtin(name).loss


def graded(name: str, loss: Callable[..., Tensor],
           functions: Sequence[Callable[..., Any]]) -> Derivation:
    """The exercise ``name`` as a Derivation: the built-in's inputs and steps, the exercise
    file's loss, and its step functions as the closed form (one per step, in order)."""
    d = builtin(name)
    if len(functions) != len(d.steps):
        raise UsageError(f"the exercise {name} has {len(d.steps)} steps, the file gives "
                         f"{len(functions)} step functions")
    return Derivation(name=name, title=d.title, source=d.source, loss=loss,
                      gradient=_Steps(tuple(functions), d.steps), inputs=d.inputs,
                      steps=d.steps, sizes=d.sizes, convention=d.convention)


class _Steps:
    """The closed form of an exercise file: every step function, by step name; a step
    whose body is still to write is left out (the report calls it missing)."""

    def __init__(self, functions: tuple[Callable[..., Any], ...], steps: tuple[Step, ...]):
        self.functions, self.steps = functions, steps
        self.__name__ = "the step functions"

    def __call__(self, /, **inputs: Tensor) -> dict[str, Any]:
        found = {}
        for step, function in zip(self.steps, self.functions, strict=True):
            try:
                found[step.name] = function(**inputs)
            except NotImplementedError:
                continue
        return found


def skeleton(name: str) -> str:
    """The text of the exercise file for the built-in ``name``."""
    d = builtin(name)
    shapes = step_shapes(d)
    names = [i.name for i in d.inputs]
    arguments = ", ".join(names)
    inputs = ", ".join(f"{i.name} {_shape_text(i.shape, d)}" for i in d.inputs)
    sizes = ", ".join(f"{k} = {v}" for k, v in d.sizes.items())
    loss_lines = _loss_body(d)
    header = [
        f'"""Exercise {name}: {d.title}',
        "",
        "Write the body of each step function below in plain tensor math (autograd is not",
        "allowed), then grade the file step by step:",
        "",
        f"    verify-grads check {name}_exercise.py",
        f"    verify-grads exercise {name} --check {name}_exercise.py --hint 1",
        "",
        *textwrap.wrap(f"Inputs: {inputs}" + (f", with {sizes}." if sizes else ".") +
                       " Each step function takes every input and returns one tensor; it "
                       "may call the step functions above it.", 88),
        '"""',
        "import torch",
        "",
        "from verify.exercise import given_loss, graded",
        "",
        *textwrap.wrap(f"The loss, given: {d.convention or d.title}. Its code:", 88,
                       initial_indent="# ", subsequent_indent="# "),
        *[f"#     {line}" for line in loss_lines],
        f'loss = given_loss("{name}")',
    ]
    functions = []
    for step in d.steps:
        of = "the loss's output" if step.of == _output_name(d) else step.of
        functions += [
            "", "",
            f"def {step_function_name(step.name)}({arguments}):",
            f'    """{step.name}: d loss / d {of}, shape {shapes[step.name]}."""',
            f'    raise NotImplementedError("{TO_WRITE}")',
        ]
    steps = ", ".join(step_function_name(s.name) for s in d.steps)
    footer = ["", "", *textwrap.wrap(f'{name} = graded("{name}", loss, [{steps}])', 96,
                                     subsequent_indent=" " * (len(name) + 11))]
    return "\n".join([*header, *functions, *footer]) + "\n"


def step_shapes(d: Derivation) -> dict[str, str]:
    """Each step's shape, ``(K,) = (3,)``: the shape of what it differentiates, in size
    names where the sizes say which."""
    from verify.oracle import node_shapes
    from verify.sample import sample
    drawn = sample(d, 1, 0, dtype=torch.float64, device="cpu")
    inner = [s.of for s in d.steps if not d.is_param_step(s)]
    nodes = node_shapes(d, drawn, inner)
    shapes = {}
    for step in d.steps:
        symbolic = (d.input(step.of).shape if d.is_param_step(step)
                    else _named(nodes[step.of][0], d))
        shapes[step.name] = _shape_text(symbolic, d)
    return shapes


def _named(shape: tuple[int, ...], d: Derivation) -> tuple[int | str, ...]:
    """Each dim as the one size name of that value, where exactly one has it and no input
    writes that value as a number."""
    by_value: dict[int, list[str]] = {}
    for size, value in d.sizes.items():
        by_value.setdefault(value, []).append(size)
    for item in d.inputs:
        for dim in item.shape:
            if isinstance(dim, int):
                by_value.setdefault(dim, []).append(str(dim))
    return tuple(by_value[n][0] if len(by_value.get(n, [])) == 1 else n for n in shape)


def _shape_text(shape: tuple[int | str, ...], d: Derivation) -> str:
    text = "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"
    if any(isinstance(n, str) for n in shape):
        numbers = tuple(d.sizes.get(n, n) if isinstance(n, str) else n for n in shape)
        return f"{text} = {_shape_text(numbers, d)}"
    return "() (a number)" if not shape else text


def _loss_body(d: Derivation) -> list[str]:
    """The built-in loss's code without its signature and docstring."""
    try:
        source = textwrap.dedent(inspect.getsource(d.loss))
    except (OSError, TypeError):
        return []
    body = source.split('"""', 2)[-1] if source.count('"""') >= 2 else source
    return [line for line in textwrap.dedent(body).splitlines() if line.strip()]


def _output_name(d: Derivation) -> str | None:
    return d.steps[0].of if d.steps[0].formula.split("=")[-1].strip() == "1" else None


@dataclass(frozen=True)
class Hint:
    """One hint about one step."""

    level: int
    step: str
    text: str

    def __str__(self) -> str:
        return f"Hint {self.level} ({self.step}): {self.text}"


def hints(report: DerivationReport, name: str, level: int) -> list[Hint]:
    """Hints 1 to ``level`` about the first step of ``report`` that is not right.

    Args:
        report: the exercise file's report.
        name: the exercise (the built-in it is made from).
        level: how many hints to reveal, 1 to 3.

    Returns:
        The hints, in order; none when every step verified.

    Raises:
        UsageError: a level outside 1 to 3.
    """
    if level not in HINT_LEVELS:
        raise UsageError(f"--hint takes 1, 2 or 3, not {level}")
    d = builtin(name)
    wrong = next((s for s in report.steps if s.verdict == FAILED), None)
    if wrong is None:
        return []
    step = next(s for s in d.steps if s.name == wrong.step)
    told = [
        Hint(1, step.name, f"{step.name} is d loss / d {step.of}, of shape "
                           f"{step_shapes(d)[step.name]}: the shape of {step.of}"),
        Hint(2, step.name, _cause(wrong)),
        Hint(3, step.name, step.formula + (f" ({step.why})" if step.why else "")),
    ]
    return told[:level]


def _cause(step: Any) -> str:
    if step.diagnosis is None:
        return "its values differ from autograd's"
    if step.diagnosis.kind == "missing":
        return f"{step_function_name(step.step)} is not written yet (its body still raises " \
               "NotImplementedError)"
    return step.diagnosis.message


def solution(name: str) -> str:
    """The built-in's closed form, as its source code: shown only when asked for."""
    return textwrap.dedent(inspect.getsource(builtin(name).gradient))
