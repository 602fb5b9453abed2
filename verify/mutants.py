"""A catalogue of wrong derivations: the mistakes people make, applied to correct ones.

Each mutant turns a correct derivation into a wrong one and names the diagnosis the verifier
must give. Value mutants change the closed form's result for the derivation's first
parameter (a factor, a sign, a transpose, NaN, ...). Formula mutants stand a wrong version
in for one of the textbook formulas the families mark as replaceable
(``derivations.core.formula``) while the closed form runs (the
activation derivative dropped, sigma' taken of z instead of y, ...), so the mistake travels
through the real derivation exactly as it would in a student's code. A mutant that leaves a
derivation's result unchanged does not apply to it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import torch
from torch import Tensor

from derivations import layers, mlp, perceptron
from derivations.core import Derivation, replaced
from verify import diagnose as kinds
from verify.sample import sample_trials

__all__ = ["CATALOGUE", "Mutant", "applies", "mutate"]

Change = Callable[[Tensor, Mapping[str, Tensor], Derivation], Tensor | None]


@dataclass(frozen=True)
class Mutant:
    """One kind of wrong derivation and the diagnoses it may get.

    ``change`` rewrites the first parameter's gradient (None drops it); ``swaps`` replaces
    formula functions of ``derivations`` while the closed form runs. One of them is set.
    ``kinds`` holds more than one diagnosis where the shape of the gradient decides: with a
    single element, any error is a factor, constant or not. ``causes`` names the mistake in
    a student's words (``transpose``, ``activation-derivative-of-input``; see
    ``Diagnosis.cause``), two where both are right (a ReLU's derivative dropped is its mask
    dropped); none for a defect that is no derivation step (a NaN, a dtype, a value not
    returned, one slipped element). ``when`` narrows the
    derivations it is meant for. ``caught_in`` names the dtypes where it must fail; in the
    others it must verify (a result in a wider dtype than the inputs is a note, not a
    mistake); None: every dtype.
    """

    name: str
    kinds: tuple[str, ...]
    causes: tuple[str, ...]
    description: str
    change: Change | None = None
    swaps: Mapping[Callable[..., Any], Callable[..., Any]] | None = None
    when: Callable[[Derivation], bool] = lambda derivation: True
    caught_in: tuple[str, ...] | None = None


def mutate(derivation: Derivation, mutant: Mutant) -> Derivation:
    """``derivation`` with ``mutant``'s mistake in its closed form."""
    target = next(s.name for s in derivation.steps if derivation.is_param_step(s))

    def gradient(**inputs: Tensor) -> dict[str, Any]:
        with replaced(mutant.swaps or {}):
            result = dict(derivation.gradient(**inputs))
        if mutant.change is not None:
            changed = mutant.change(result[target], inputs, derivation)
            if changed is None:
                del result[target]
            else:
                result[target] = changed
        return result

    return dataclasses.replace(derivation, gradient=gradient,
                               name=f"{derivation.name}~{mutant.name}")


def applies(derivation: Derivation, mutant: Mutant) -> bool:
    """Whether ``mutant`` is meant for ``derivation`` and changes its closed form at all."""
    if not mutant.when(derivation):
        return False
    drawn = sample_trials(derivation, 0, 1, 0, dtype=torch.float64, device="cpu")
    one = {n: v[0] for n, v in drawn.items()}
    try:
        right = derivation.gradient(**one)
        wrong = mutate(derivation, mutant).gradient(**one)
    except Exception:
        return True  # a mistake that makes the closed form raise is still a mistake
    if set(right) != set(wrong):
        return True
    return any(not isinstance(wrong[k], Tensor) or wrong[k].shape != right[k].shape
               or wrong[k].dtype != right[k].dtype or not torch.equal(wrong[k], right[k])
               for k in right)


# --- value mutants: the first parameter's gradient, changed --------------------------------

def _first_param_elements(d: Derivation) -> int:
    return math.prod(d.input(d.params[0]).resolved_shape(d.sizes))


def _batch_size(d: Derivation) -> int | None:
    return next((d.sizes[n] for n in ("m", "N") if d.sizes.get(n, 0) > 2), None)


def _output_size(d: Derivation) -> int | None:
    """A size whose 2/n factor names no other cause (so the diagnosis is unambiguous)."""
    for n in d.sizes.values():
        if n > 2 and kinds.factor_kind(2 / n, d.sizes) == kinds.MSE_CONVENTION:
            return n
    return None


def _mean_vs_sum(g: Tensor, inputs: Mapping[str, Tensor], d: Derivation) -> Tensor:
    """Summed over the batch where the loss averages: the 1/m is missing."""
    n = _batch_size(d)
    return g if n is None else g * n


def _mse_convention(g: Tensor, inputs: Mapping[str, Tensor], d: Derivation) -> Tensor:
    """The 2/N of mse_loss applied to a loss that is 1/2 sum of squares."""
    n = _output_size(d)
    return g if n is None or "mse_loss" in d.convention else g * 2 / n


def _transposed(g: Tensor, inputs: Mapping[str, Tensor], d: Derivation) -> Tensor:
    return g.mT if g.dim() >= 2 else g


def _one_element_off(g: Tensor, inputs: Mapping[str, Tensor], d: Derivation) -> Tensor:
    """One element 0.1% too large: a slip in one entry of a hand-written matrix."""
    flat = g.flatten().clone()
    flat[0] = flat[0] + 1e-3 * g.abs().max()
    return flat.reshape(g.shape)


def _nan(g: Tensor, inputs: Mapping[str, Tensor], d: Derivation) -> Tensor:
    flat = g.flatten().clone()
    flat[-1] = float("nan")
    return flat.reshape(g.shape)


def _other_dtype(g: Tensor, inputs: Mapping[str, Tensor], d: Derivation) -> Tensor:
    return g.to(torch.float32 if g.dtype == torch.float64 else torch.float64)


# --- formula mutants: a textbook formula replaced by a wrong one ---------------------------

def _sigmoid_derivative_of_z(O: Tensor) -> Tensor:
    """sigma'(z) written as z (1 - z): the derivative taken of the input, not the output
    (z recovered from O, kept finite where O has rounded to 0 or 1)."""
    kept = O.clamp(1e-12, 1 - 1e-12)
    z = torch.log(kept / (1 - kept))
    return z * (1 - z)


def _layer_delta_without_derivative(W: Tensor, delta_next: Tensor, dg: Tensor) -> Tensor:
    return W.T @ delta_next


def _output_delta_without_derivative(a_L: Tensor, y: Tensor, dg_L: Tensor) -> Tensor:
    return a_L - y


def _pre_activation_without_bias(W: Tensor, a: Tensor, b: Tensor | None = None) -> Tensor:
    return W @ a


def _affine_backward_wrong_axis(x: Tensor, W: Tensor, dout: Tensor
                                ) -> tuple[Tensor, Tensor, Tensor]:
    """db summed over the output axis instead of the batch axis."""
    return dout @ W.T, x.T @ dout, dout.sum(1)


def _batch_bias_gradient_wrong_axis(delta_next: Tensor) -> Tensor:
    return delta_next.sum(0) / delta_next.shape[1]


def _weight_gradient_off_by_one(x: Tensor, delta: Tensor) -> Tensor:
    """dE/dW uses the layer's own delta for its input as well: one layer off."""
    return torch.outer(delta, delta)


CATALOGUE: tuple[Mutant, ...] = (
    Mutant("factor-2", (kinds.FACTOR,), ("square-factor",),
           "the gradient doubled (the 2 of the square kept)", change=lambda g, i, d: 2 * g),
    Mutant("factor-1/2", (kinds.FACTOR,), ("square-factor",),
           "the gradient halved (the 2 of the square lost)", change=lambda g, i, d: g / 2),
    Mutant("sign", (kinds.SIGN,), ("sign",), "(t - O) where (O - t) belongs",
           change=lambda g, i, d: -g),
    Mutant("transpose", (kinds.TRANSPOSE,), ("transpose",), "the gradient transposed",
           change=_transposed),
    Mutant("zeros", (kinds.ZEROS,), ("missing-term",), "a gradient of zeros",
           change=lambda g, i, d: torch.zeros_like(g)),
    Mutant("nan", (kinds.NONFINITE,), (), "one element NaN", change=_nan),
    Mutant("wrong-dtype", (kinds.DTYPE,), (), "the gradient returned in another dtype",
           change=_other_dtype, caught_in=("float64",)),
    Mutant("missing-gradient", (kinds.MISSING,), (), "the gradient not returned",
           change=lambda g, i, d: None),
    Mutant("one-element-off", (kinds.ONE_ELEMENT,), (), "one element off by 0.1%",
           change=_one_element_off, when=lambda d: _first_param_elements(d) > 1),
    Mutant("mean-vs-sum", (kinds.BATCH_MEAN,), ("batch-mean",),
           "summed over the batch where the loss averages", change=_mean_vs_sum),
    Mutant("mse-loss-factor", (kinds.MSE_CONVENTION,), ("mse-convention",),
           "mse_loss's 2/N on a 1/2 sum of squares", change=_mse_convention),
    Mutant("missing-activation-derivative", (kinds.ACTIVATION,),
           ("activation-derivative-missing", "mask"), "g'(z) dropped from the delta",
           swaps={perceptron.sigmoid_derivative: torch.ones_like,
                  mlp.layer_delta: _layer_delta_without_derivative,
                  mlp.output_layer_delta: _output_delta_without_derivative}),
    Mutant("derivative-of-z", (kinds.ELEMENTS, kinds.VARYING_FACTOR),
           ("activation-derivative-of-input",),
           "sigma' computed as z (1 - z) instead of y (1 - y)",
           swaps={perceptron.sigmoid_derivative: _sigmoid_derivative_of_z}),
    Mutant("off-by-one-layer", (kinds.SHAPE,), ("wrong-layer",),
           "a weight's gradient built from the wrong layer",
           swaps={perceptron.weight_gradient: _weight_gradient_off_by_one}),
    Mutant("dropped-bias", (kinds.ELEMENTS, kinds.SOME_TRIALS), ("missing-term",),
           "the bias left out of the forward pass",
           swaps={mlp.pre_activation: _pre_activation_without_bias},
           when=lambda d: any(i.name.startswith("b") for i in d.inputs)),
    Mutant("wrong-reduction-axis", (kinds.REDUCTION,), ("reduction-axis",),
           "the bias gradient summed over the wrong axis",
           swaps={layers.affine_backward: _affine_backward_wrong_axis,
                  mlp.batch_bias_gradient: _batch_bias_gradient_wrong_axis}),
)
