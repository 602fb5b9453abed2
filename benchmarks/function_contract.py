"""A Function checked without a reference, and what a Function saves: ratios from one run.

    python benchmarks/function_contract.py [--device cpu|cuda] [--threads N]

1. Finite differences of a Function's forward (its gradient's reference when there is no
   reference forward), on an 8 x 8 input, 10 trials: the vectorised path
   (``verify.custom``: every element and trial at once, one vmapped call of the forward per
   block of perturbed copies) against the path it replaced, kept here as it was (one pair
   of forward calls per element, in a Python loop, trial by trial). Both the differences
   alone and the whole ``check`` (values only, every size and scale it probes). Goal: the
   differences at least 50x faster.
2. The reason to write a Function: forward+backward of a tanh GELU that saves only its
   input against autograd of the same formula, which saves every intermediate: the ratios
   of time and of peak memory, as the contract's ``speed`` item measures them. Information,
   no goal.

Each time is the best of several rounds, the two compared timed in turn. Exits 1 when a
goal is missed.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import platform
import sys
import time
from collections.abc import Callable
from typing import Any

import torch
from torch import Tensor

from derivations.core import Node, keep
from verify import function_derivation
from verify.contract_cost import measure
from verify.custom import function_of
from verify.engine import verify
from verify.numeric import STEP
from verify.oracle import autograd_gradients
from verify.sample import sample_trials

GOAL = 50.0
TRIALS = 10
ROUNDS = 5


class Tanh(torch.autograd.Function):
    """y = tanh(x);  dx = dout (1 - y^2)."""

    @staticmethod
    def forward(ctx: Any, x: Tensor) -> Tensor:
        y = torch.tanh(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx: Any, dout: Tensor) -> Tensor:
        (y,) = ctx.saved_tensors
        return dout * (1 - y * y)


class GELU(torch.autograd.Function):
    """y = x/2 (1 + tanh(u)), u = c (x + a x^3), c = sqrt(2/pi), a = 0.044715 (tanh GELU);
    dx = dout (1/2 (1 + t) + x/2 (1 - t^2) c (1 + 3 a x^2)), t = tanh(u) recomputed:
    only x is saved."""

    @staticmethod
    def forward(ctx: Any, x: Tensor) -> Tensor:
        ctx.save_for_backward(x)
        return gelu(x)

    @staticmethod
    def backward(ctx: Any, dout: Tensor) -> Tensor:
        (x,) = ctx.saved_tensors
        t = torch.tanh(_C * (x + _A * x ** 3))
        return dout * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * _C * (1 + 3 * _A * x * x))


_C, _A = math.sqrt(2 / math.pi), 0.044715


def gelu(x: Tensor) -> Tensor:
    return 0.5 * x * (1 + torch.tanh(_C * (x + _A * x ** 3)))


class _PerElement(torch.autograd.Function):
    """The replaced path: forward is ``fn``'s; backward perturbs one element at a time."""

    @staticmethod
    def forward(ctx: Any, fn: type[torch.autograd.Function], *args: Tensor) -> Tensor:
        ctx.fn = fn
        ctx.save_for_backward(*args)
        return fn.apply(*args)

    @staticmethod
    def backward(ctx: Any, dout: Tensor) -> tuple[Tensor | None, ...]:
        args = ctx.saved_tensors
        return (None, *(per_element_vjp(ctx.fn, args, i, dout) if ctx.needs_input_grad[i + 1]
                        else None for i in range(len(args))))


def per_element_vjp(fn: type[torch.autograd.Function], args: tuple[Tensor, ...], i: int,
                    dout: Tensor) -> Tensor:
    """dE/dx_i, E = sum(dout * f(args)), one element at a time (the replaced code)."""
    wide = [a.double() if a.is_floating_point() else a for a in args]
    x = wide[i].reshape(-1)
    grad = torch.zeros_like(x)
    for j in range(x.numel()):
        h = STEP * max(1.0, abs(float(x[j])))
        ends = []
        for sign in (1, -1):
            moved = x.clone()
            moved[j] += sign * h
            ends.append(fn.apply(*wide[:i], moved.reshape(args[i].shape), *wide[i + 1:]))
        grad[j] = (dout.double() * (ends[0] - ends[1])).sum() / (2 * h)
    return grad.reshape(args[i].shape).to(args[i].dtype)


class _PerElementLoss:
    """E = sum(dout * f(x)) with the replaced per-element backward."""

    def __init__(self, fn: type[torch.autograd.Function]) -> None:
        self.fn = fn

    def __call__(self, node: Node = keep, **inputs: Tensor) -> Tensor:
        return (inputs["dout"] * _PerElement.apply(self.fn, inputs["x"])).sum()


def best_of(work: list[Callable[[], Any]]) -> list[float]:
    """The best time of each, over ROUNDS rounds, timed in turn within each round."""
    for fn in work:
        fn()
    best = [float("inf")] * len(work)
    for _ in range(ROUNDS):
        for k, fn in enumerate(work):
            start = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - start)
    return best


def finite_differences(device: str) -> bool:
    built = function_derivation(Tanh, shapes={"x": (8, 8)})
    old = dataclasses.replace(built, loss=_PerElementLoss(Tanh))
    inputs = sample_trials(built, 0, TRIALS, 0, dtype=torch.float64, device=device)
    vectorised, _ = autograd_gradients(built, inputs, ["x"])
    per_element, _ = autograd_gradients(old, inputs, ["x"])
    assert torch.allclose(vectorised["x"], per_element["x"], rtol=1e-6, atol=1e-9)
    new_s, old_s = best_of([lambda: autograd_gradients(built, inputs, ["x"]),
                            lambda: autograd_gradients(old, inputs, ["x"])])
    ratio = old_s / new_s
    print(f"finite differences, Tanh on 8 x 8, {TRIALS} trials: {old_s * 1e3:.1f} ms per element "
          f"-> {new_s * 1e3:.2f} ms vectorised   {ratio:,.0f}x  goal >= {GOAL:.0f}x  "
          f"{'PASS' if ratio >= GOAL else 'MISS'}")
    options = dict(trials=TRIALS, device=device)
    check_new, check_old = best_of([lambda: verify(built, **options),
                                    lambda: verify(old, **options)])
    print(f"  the whole check (values, every size and scale probed): {check_old:.3f} s -> "
          f"{check_new:.3f} s   {check_old / check_new:,.1f}x")
    return ratio >= GOAL


def cost(device: str) -> None:
    built = function_derivation(GELU, gelu, shapes={"x": (1024, 1024)})
    drawn = sample_trials(built, 0, 1, 0, dtype=torch.float32, device=device)
    found = measure(function_of(built), {n: v[0] for n, v in drawn.items()})
    print(f"GELU saving x alone vs autograd of the tanh GELU, 1024 x 1024 float32 on "
          f"{found.device}: time {found.time_ratio:.2f}x, peak memory {found.memory_ratio:.2f}x")
    print(f"  {found.describe('autograd of gelu')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--threads", type=int, default=torch.get_num_threads(),
                        help="torch's CPU threads (1 on a machine shared with other work)")
    options = parser.parse_args(argv)
    device = options.device
    torch.set_num_threads(options.threads)
    print(f"verify-grads Function contract on {platform.processor() or platform.machine()}, "
          f"torch {torch.__version__} ({torch.get_num_threads()} threads), Python "
          f"{platform.python_version()}, device {device}")
    met = finite_differences(device)
    cost(device)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
