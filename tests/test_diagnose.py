"""Each diagnosis, from a broken derivation in to its exact message out."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from derivations import REGISTRY, Derivation
from derivations.layers import softmax
from verify import diagnose as kinds
from verify import verify
from verify.mutants import CATALOGUE, mutate

MUTANTS = {m.name: m for m in CATALOGUE}


def first_wrong(derivation: Derivation, **options):
    report = verify(derivation, trials=100, shrink=False, **options)
    assert report.verdict == "failed", report.explain_failure()
    return report.first_wrong_step


def with_gradient(name: str, **changes) -> Derivation:
    """The built-in ``name`` whose closed form returns ``changes`` (functions of the inputs)."""
    d = REGISTRY[name]

    def gradient(**inputs):
        result = dict(d.gradient(**inputs))
        for step, change in changes.items():
            result[step] = change(result[step], inputs)
        return result

    return dataclasses.replace(d, gradient=gradient)


@pytest.mark.parametrize(("mutant", "name", "kind", "message"), [
    ("factor-2", "perceptron_multi", kinds.FACTOR,
     "derived = 2 x autograd in every trial: the formula keeps the 2 of the square while the "
     "loss halves it (E = 1/2 sum (O - t)^2 differentiates to (O - t), not 2 (O - t))"),
    ("factor-1/2", "mlp_two_layer", kinds.FACTOR,
     "derived = 1/2 x autograd in every trial: the formula assumes E = 1/2 sum (O - t)^2 while "
     "the loss has no 1/2 (a sum of squares, or mse_loss of one element): the 2 of the square "
     "is missing"),
    ("sign", "affine_layer", kinds.SIGN,
     "derived = -1 x autograd in every trial: the sign is flipped: (t - O) where (O - t) "
     "belongs, or a descent step's minus sign inside the gradient"),
    ("mean-vs-sum", "mlp_deep_sigmoid", kinds.BATCH_MEAN,
     "derived = m (= 4) x autograd in every trial: the loss averages over m = 4 but the "
     "formula sums: a missing 1/m (batch mean)"),
    ("mse-loss-factor", "mlp_two_layer", kinds.MSE_CONVENTION,
     "derived = 2/I (= 2/5) x autograd in every trial: the formula carries mse_loss's 2/I "
     "(mean of squares, no 1/2) but the loss is 1/2 sum of squares"),
    ("transpose", "mlp_two_layer", kinds.TRANSPOSE,
     "derived has shape (3, 6), autograd (6, 3): transposed (W where W^T belongs, or the outer "
     "product taken the wrong way round)"),
    ("zeros", "perceptron_matrix", kinds.ZEROS,
     "the closed form returns all zeros where autograd does not"),
    ("missing-gradient", "perceptron_single", kinds.MISSING,
     "the closed form returned no value for this step"),
    ("wrong-dtype", "perceptron_single", kinds.DTYPE,
     "the closed form returned float32 where the inputs are float64: its values lose the "
     "precision of the inputs; compute in the inputs' dtype"),
    ("off-by-one-layer", "mlp_two_layer", kinds.SHAPE,
     "derived has shape (3, 3), autograd (6, 3): the gradient must have the shape of what it "
     "differentiates"),
    ("wrong-reduction-axis", "affine_layer", kinds.REDUCTION,
     "derived has shape (4,), autograd (5,): summed over the wrong axis (a bias broadcast over "
     "the batch gets the sum over the batch axis)"),
    ("one-element-off", "mlp_two_layer", kinds.ONE_ELEMENT,
     "only element (0, 0) differs, in 100 of 100 trials; every other element matches: a slip "
     "in one entry"),
])
def test_mutant_gets_its_exact_diagnosis(mutant: str, name: str, kind: str, message: str) -> None:
    step = first_wrong(mutate(REGISTRY[name], MUTANTS[mutant]))
    assert step.diagnosis.kind == kind
    assert step.diagnosis.message == message


def test_nan_says_where() -> None:
    step = first_wrong(mutate(REGISTRY["mlp_two_layer"], MUTANTS["nan"]))
    assert step.diagnosis == kinds.Diagnosis(
        kinds.NONFINITE, "the closed form gives NaN or Inf in 100 trials where autograd is "
        "finite (first: trial 0, element (5, 2)): a division by zero, a log of 0 or an "
        "overflowing exp")


def test_missing_sigmoid_derivative_is_named() -> None:
    step = first_wrong(mutate(REGISTRY["mlp_two_layer"], MUTANTS["missing-activation-derivative"]))
    assert step.step == "delta_k"
    assert step.diagnosis.kind == kinds.ACTIVATION
    assert step.diagnosis.message.startswith("derived exceeds autograd element by element, by a "
                                             "factor from ")
    assert step.diagnosis.message.endswith(" (always >= 4: sigma' = y (1 - y) <= 1/4 is "
                                           "missing): an activation derivative g'(z) <= 1 is "
                                           "missing from the delta")


def test_missing_relu_mask_is_named() -> None:
    step = first_wrong(mutate(REGISTRY["mlp_deep_relu"], MUTANTS["missing-activation-derivative"]))
    assert step.diagnosis == kinds.Diagnosis(
        kinds.ACTIVATION, "derived equals autograd where autograd is non-zero, but is non-zero "
        "where autograd is 0: a missing ReLU mask (g'(z) = 0 for z < 0)", named="mask")


def test_transpose_of_a_square_matrix_is_seen_in_the_values() -> None:
    square = dataclasses.replace(REGISTRY["mlp_two_layer"], sizes={"I": 5, "J": 6, "K": 6})
    step = first_wrong(mutate(square, MUTANTS["transpose"]))
    assert step.diagnosis.kind == kinds.TRANSPOSE
    assert step.diagnosis.message.startswith("derived = autograd transposed in every failing trial")


def test_a_factor_in_some_trials_only_says_in_how_many() -> None:
    def sometimes(g, inputs):
        return torch.where(inputs["x"][0] > 1.0, -g, g)

    step = first_wrong(with_gradient("perceptron_multi", **{"dE/dw": sometimes}))
    assert step.diagnosis.kind == kinds.SIGN
    assert step.diagnosis.message.startswith(
        f"derived = -1 x autograd in every failing trial ({step.failed_trials} of 100): ")


def test_a_failure_in_some_trials_only_says_which() -> None:
    def sometimes(g, inputs):
        return torch.where(inputs["x"][0] > 1.0, g + 0.1, g)

    step = first_wrong(with_gradient("perceptron_multi", **{"dE/dw": sometimes}))
    assert step.diagnosis.kind == kinds.SOME_TRIALS
    assert step.diagnosis.message.startswith(f"fails in {step.failed_trials} of 100 trials "
                                             "(first: ")
    assert 0 < step.failed_trials < 100


def test_factors_in_float32_are_named_like_in_float64() -> None:
    for dtype in ("float64", "float32"):
        step = first_wrong(mutate(REGISTRY["perceptron_single"], MUTANTS["sign"]), dtype=dtype)
        assert step.diagnosis.kind == kinds.SIGN, dtype


def test_the_first_wrong_step_is_reported_not_only_the_parameter() -> None:
    wrong = with_gradient("softmax_with_loss", dx=lambda g, inputs: softmax(inputs["x"])
                          - inputs["t"])
    report = verify(wrong, trials=100)
    assert report.first_wrong_step.step == "dx"
    assert report.first_wrong_step.diagnosis.kind == kinds.BATCH_MEAN


def test_smallest_failing_case_and_the_sizes_that_pass() -> None:
    """Forgetting the 1/N of a batch mean is invisible with one example."""
    wrong = with_gradient("softmax_with_loss", dx=lambda g, inputs: softmax(inputs["x"])
                          - inputs["t"])
    report = verify(wrong, trials=100, seed=3)
    case = report.counterexample
    assert case.sizes == {"N": 2, "C": 2}
    assert case.passes_at == {"N": (1,), "C": (1,)}
    assert report.counterexample_command() == (
        f"verify(..., trials={case.trial + 1}, seed=3, dtype='float64', device='cpu', "
        "sizes={'N': 2, 'C': 2})")
    again = verify(wrong, trials=case.trial + 1, seed=3, sizes=case.sizes, shrink=False)
    assert again.verdict == "failed"
    assert again.first_wrong_step.first_failing[0] == case.trial
    assert "Smallest failing case: N = 2, C = 2" in report.explain_failure()
    assert "it passes at N = 1" in report.explain_failure()


def test_a_ratio_barely_above_1_is_no_missing_activation_derivative() -> None:
    # the closed form scales one element per trial by 1.003: no g'(z) left out does that
    def nudged(value, inputs):
        value = value.clone()
        value.view(value.shape[0], -1)[:, 0] *= 1.003
        return value

    step = first_wrong(with_gradient("perceptron_multi", **{"dE/dw": nudged}))
    assert step.diagnosis.kind != kinds.ACTIVATION, step.diagnosis.message
