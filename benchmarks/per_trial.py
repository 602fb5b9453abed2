"""How fast verify() runs closed forms that vmap cannot run, as ratios measured in one run.

    python benchmarks/per_trial.py            # a few minutes on 2 CPU cores

Three closed forms run one trial at a time: the two-layer sigmoid MLP 10-8-3 in numpy, as
one flat function and as layer classes with ``forward`` and ``backward``, and a scalar
perceptron in pure Python (``math.exp`` of floats). Each is checked by ``verify()`` at
10,000 trials, three ways:

* now: the loss vectorised, the closed form called once per trial on views of one numpy
  array per input, its results copied into one array per step (``verify.trials.Rows``);
* as before: the loss vectorised, the closed form called and its inputs and results
  converted between torch and numpy once per trial (the gradient hidden behind a plain
  callable, which the engine cannot see into, runs exactly that);
* the plain loop of everything, ``forced_mode(PER_TRIAL)``: the loss under autograd one
  trial at a time as well (timed once: it is slow).

Every figure is the best (smallest) of several wall-clock timings taken in turn, so that
other work on the machine falls on both sides alike. The reports of the three ways are
checked to agree before anything is timed. The exit status is 1 when any goal is missed.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import speed
import torch
from speed import console, machine, once, race, verdict

from derivations.core import Derivation
from verify import derivation, verify
from verify.report import DerivationReport
from verify.trials import PER_TRIAL, forced_mode

TRIALS = 10_000
MLP_SHAPES = {"O_i": ("I",), "W_ij": ("I", "J"), "W_jk": ("J", "K"), "t": ("K",)}
MLP_SIZES = {"I": 10, "J": 8, "K": 3}


def mlp_loss(O_i: torch.Tensor, W_ij: torch.Tensor, W_jk: torch.Tensor, t: torch.Tensor
             ) -> torch.Tensor:
    """E = 1/2 sum_k (O_k - t_k)^2, O_k = sigma(sigma(O_i W_ij) W_jk)."""
    O_k = torch.sigmoid(torch.sigmoid(O_i @ W_ij) @ W_jk)
    return 0.5 * ((O_k - t) ** 2).sum()


def flat_mlp_grad(O_i: np.ndarray, W_ij: np.ndarray, W_jk: np.ndarray, t: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """dE/dW_ij = O_i delta_j, dE/dW_jk = O_j delta_k, in numpy."""
    O_j = 1 / (1 + np.exp(-(O_i @ W_ij)))
    O_k = 1 / (1 + np.exp(-(O_j @ W_jk)))
    delta_k = (O_k - t) * O_k * (1 - O_k)
    delta_j = O_j * (1 - O_j) * (W_jk @ delta_k)
    return np.outer(O_i, delta_j), np.outer(O_j, delta_k)


class Linear:
    """y = x W, no bias."""

    def __init__(self, W: np.ndarray) -> None:
        self.W, self.x, self.dW = W, None, None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.x = x
        return np.dot(x, self.W)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        self.dW = np.outer(self.x, dout)
        return np.dot(self.W, dout)


class Sigmoid:
    """y = 1 / (1 + exp(-x)); dy/dx = y (1 - y)."""

    def __init__(self) -> None:
        self.out = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * (1.0 - self.out) * self.out


class HalfSquaredError:
    """E = 1/2 sum (o - t)^2; dE/do = o - t."""

    def __init__(self) -> None:
        self.o = self.t = None

    def forward(self, o: np.ndarray, t: np.ndarray) -> float:
        self.o, self.t = o, t
        return 0.5 * float(np.sum((o - t) ** 2))

    def backward(self) -> np.ndarray:
        return self.o - self.t


def layer_mlp_grad(O_i: np.ndarray, W_ij: np.ndarray, W_jk: np.ndarray, t: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Forward through the layers, then backward, as a training step would."""
    layers = [Linear(W_ij), Sigmoid(), Linear(W_jk), Sigmoid()]
    last = HalfSquaredError()
    y = O_i
    for layer in layers:
        y = layer.forward(y)
    last.forward(y, t)
    dout = last.backward()
    for layer in reversed(layers):
        dout = layer.backward(dout)
    return layers[0].dW, layers[2].dW


def scalar_loss(w: torch.Tensor, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """E = 1/2 (sigma(w x) - t)^2."""
    return 0.5 * (torch.sigmoid(w * x) - t) ** 2


def scalar_grad(w: Any, x: Any, t: Any) -> float:
    """dE/dw = (O - t) O (1 - O) x, O = sigma(w x), in Python floats."""
    w, x, t = float(w), float(x), float(t)
    O = 1 / (1 + math.exp(-w * x))
    return (O - t) * O * (1 - O) * x


SUBJECTS = {
    "numpy MLP 10-8-3, flat function": derivation(
        mlp_loss, flat_mlp_grad, wrt=("W_ij", "W_jk"), shapes=MLP_SHAPES, sizes=MLP_SIZES,
        draws={"t": "uniform"}),
    "numpy MLP 10-8-3, layer classes": derivation(
        mlp_loss, layer_mlp_grad, wrt=("W_ij", "W_jk"), shapes=MLP_SHAPES, sizes=MLP_SIZES,
        draws={"t": "uniform"}),
    "pure-Python scalar perceptron": derivation(
        scalar_loss, scalar_grad, wrt="w", shapes={"w": (), "x": (), "t": ()},
        draws={"t": "uniform"}),
}


class Opaque:
    """A closed form behind a plain callable: the engine calls it once per trial on
    tensors, and it converts its inputs and results itself, trial by trial."""

    def __init__(self, gradient: Callable[..., Any]) -> None:
        self.gradient = gradient

    def __call__(self, **inputs: torch.Tensor) -> Any:
        return self.gradient(**inputs)


def as_before(d: Derivation) -> Derivation:
    """The same derivation, its closed form run as it was before: one call and one
    conversion of its inputs and its results per trial."""
    import dataclasses
    return dataclasses.replace(d, gradient=Opaque(d.gradient))


def same(a: DerivationReport, b: DerivationReport, exact: bool) -> bool:
    """The same verdicts and trial counts, and largest errors equal (exactly, or to 1e-13:
    autograd of one trial and of all trials at once may round apart)."""
    if (a.verdict, a.mode, a.error) != (b.verdict, b.mode, b.error):
        return False
    for x, y in zip(a.steps, b.steps, strict=True):
        if (x.verdict, x.evidential, x.failed_trials) != (y.verdict, y.evidential,
                                                          y.failed_trials):
            return False
        if not (x.max_rel_error == y.max_rel_error if exact
                else abs(x.max_rel_error - y.max_rel_error) <= 1e-13):
            return False
    return True


def compare(label: str, d: Derivation, trials: int) -> None:
    """verify() of ``d`` now, as before, and in the plain loop of everything."""
    before = as_before(d)
    now_report, before_report = verify(d, trials=trials), verify(before, trials=trials)
    assert now_report.verdict == "verified" and now_report.mode == PER_TRIAL, now_report
    assert same(now_report, before_report, exact=True), (now_report, before_report)
    now, old = race(lambda: verify(d, trials=trials), lambda: verify(before, trials=trials),
                    repeat=3)
    with forced_mode(PER_TRIAL):
        looped_report = verify(d, trials=trials)
        looped = once(lambda: verify(d, trials=trials))
    assert same(now_report, looped_report, exact=False), (now_report, looped_report)
    console.print(f"  {label}: {trials / now:,.0f} trials/s now, {trials / old:,.0f} as "
                  f"before, {trials / looped:,.0f} in the plain loop of everything",
                  highlight=False)
    verdict(f"now vs as before, {label}", old / now, ">= 5x", old / now >= 5)
    verdict(f"now vs plain loop of everything, {label}", looped / now, ">= 5x",
            looped / now >= 5)


def main() -> int:
    """Every subject at TRIALS trials (or the number given); 0 when every goal is met."""
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else TRIALS
    start = time.perf_counter()
    console.print(f"verify-grads per-trial path on {machine()}, {trials:,} trials, float64",
                  highlight=False)
    for label, d in SUBJECTS.items():
        compare(label, d, trials)
    console.print(f"{sum(speed.results)} of {len(speed.results)} goals met "
                  f"(benchmark took {time.perf_counter() - start:.0f} s)", highlight=False)
    return 0 if all(speed.results) else 1


if __name__ == "__main__":
    sys.exit(main())
