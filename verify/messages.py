"""Every sentence a diagnosis says, in one place: why a step fails, the proof of a cause,
the lines of the failure report, and the command's own lines (bad usage, an interruption,
an internal error).

Each function returns one sentence from the evidence it is given (numbers, shapes, the names
of sizes), so the words can be read, reviewed and tested together; the modules that weigh
the evidence (``verify.diagnose``, ``verify.causes``, ``verify.engine``, ``verify.fixes``)
choose which sentence applies and never write their own.
"""

from __future__ import annotations

__all__ = [
    "CAUSE_WORDS",
    "activation_missing",
    "autograd_breaks_down",
    "autograd_nonfinite",
    "autograd_off",
    "autograd_saturates",
    "below_any_step",
    "breaks_down",
    "cli_bad_sizes",
    "cli_cannot_explain",
    "cli_error",
    "cli_internal_error",
    "cli_interrupted",
    "cli_no_command",
    "cli_no_step_summary",
    "cli_usage",
    "device",
    "elements_differ",
    "every_size_divisor",
    "every_size_mean_extra",
    "every_size_mean_missing",
    "every_size_mse_kept",
    "every_size_mse_kept_all",
    "every_size_mse_needed",
    "every_size_mse_needed_all",
    "every_size_sign",
    "every_size_square_kept",
    "every_size_square_lost",
    "factor",
    "factor_at_every_size",
    "factor_seen",
    "factor_seen_at_every_size",
    "fitted_shape",
    "fix",
    "fix_proven",
    "flat_there",
    "float32_inside",
    "float64_refused",
    "gradient_complex",
    "gradient_not_tensor",
    "inconclusive",
    "internal_error_in_check",
    "loss_detached",
    "loss_not_real",
    "loss_not_tensor",
    "loss_nowhere_finite",
    "mean_extra",
    "mean_missing",
    "mostly_below_any_step",
    "mse_factor_kept",
    "mse_factor_needed",
    "mse_loss_convention",
    "narrow_dtype",
    "no_float32_loss",
    "no_low_kernel",
    "no_low_kernel_closed_form",
    "no_value",
    "nonfinite",
    "one_element",
    "own_rounding",
    "passes_here_fails_there",
    "raised_at_scales",
    "reference_disagrees",
    "reference_undifferentiable",
    "relu_mask_missing",
    "replaced_when_imported",
    "replaced_while_checked",
    "report_decided_in_float64",
    "report_error",
    "report_finite_differences",
    "report_first_step",
    "report_mismatch",
    "report_mismatched",
    "report_narrower",
    "report_smallest_case",
    "report_values",
    "report_worst",
    "return_order",
    "rounding_of_others",
    "scope",
    "shape",
    "shape_reduced",
    "shape_transposed",
    "sign_flipped",
    "small_difference",
    "some_trials",
    "square_kept",
    "square_lost",
    "square_nowhere",
    "too_few_to_be_a_mistake",
    "transposed",
    "unexplained",
    "unnamed_factor",
    "unstable_nonfinite",
    "unstable_precision",
    "varying_factor",
    "within_checked_rounding",
    "zeros",
]

# -- what the loss and the gradient returned, where it cannot be checked -----------------


def loss_not_tensor(kind: str) -> str:
    if kind == "None":
        return "the loss returned None: return the loss as a scalar tensor (is a return missing?)"
    return (f"the loss returned a value of type {kind}, not a tensor: compute it with torch "
            "operations on its inputs, so that autograd can differentiate it")


def loss_not_real(dtype: str) -> str:
    return f"the loss returned a tensor of {dtype}: return a real floating-point scalar"


def loss_detached(names: str) -> str:
    return (f"the loss has no autograd history back to {names}: it was computed without torch "
            "operations on them (a Python number, .item(), .detach(), numpy, torch.no_grad) "
            "or does not depend on them")


def gradient_not_tensor(grad: str, name: str, kind: str) -> str:
    return (f"{grad} returned a value of type {kind} as the gradient of {name!r}: return a "
            "tensor, an array or a number")


def gradient_complex(grad: str, name: str, dtype: str) -> str:
    return (f"{grad} returned complex values ({dtype}) as the gradient of {name!r}: the "
            "gradient of a real loss with respect to a real input is real (return its real "
            "part where the imaginary part is only rounding)")


# -- what the closed form returned -------------------------------------------------------


def no_value() -> str:
    return "the closed form returned no value for this step"


def narrow_dtype(dtype: str) -> str:
    return (f"the closed form returned {dtype}: its values lose the precision of the inputs; "
            "compute in the inputs' dtype")


def float32_inside(worst: float) -> str:
    return (f"the closed form returned float64 holding float32 values (it computes in float32 "
            f"and casts back), off by up to {worst:.2g} of the scale: in a float64 check it loses "
            "the precision of the inputs; compute in the inputs' dtype, or check it in float32")


def device(where: str) -> str:
    return f"the closed form returned its result {where}: compute on the inputs' device"


def shape_transposed(derived: tuple[int, ...], autograd: tuple[int, ...]) -> str:
    return (f"derived has shape {derived}, autograd {autograd}: transposed (W where W^T "
            "belongs, or the outer product taken the wrong way round)")


def shape_reduced(derived: tuple[int, ...], autograd: tuple[int, ...]) -> str:
    return (f"derived has shape {derived}, autograd {autograd}: summed over the wrong axis (a "
            "bias broadcast over the batch gets the sum over the batch axis)")


def shape(derived: tuple[int, ...], autograd: tuple[int, ...]) -> str:
    return (f"derived has shape {derived}, autograd {autograd}: the gradient must have the "
            "shape of what it differentiates")


def raised_at_scales(scales: str, error: str) -> str:
    plural = "s" if " and " in scales else ""
    return (f"at input scale{plural} {scales} the code raised: {error}; those trials were not "
            "counted")


def float64_refused(error: str) -> str:
    return (f"{error} (in float64: every check is decided on float64 inputs first, whatever "
            "its dtype; make the code's buffers and constants follow its inputs' dtype, as "
            "torch.empty(n, dtype=x.dtype) does)")


def loss_nowhere_finite(trials: int, first: float) -> str:
    return (f"the loss is NaN or infinite in each of the first {trials} trials (trial 0: "
            f"{first}), so its gradient says nothing: make the loss finite where the inputs "
            "are drawn (a log of 0, a 0/0, a NaN written into it)")


def nonfinite(trials: int, first: int | None, index: str) -> str:
    return (f"the closed form gives NaN or Inf in {trials} trials where autograd is finite "
            f"(first: trial {first}, element ({index})): a division by zero, a log of 0 or an "
            "overflowing exp")


def zeros() -> str:
    return "the closed form returns all zeros where autograd does not"


# -- how the values differ ---------------------------------------------------------------


def transposed() -> str:
    return ("derived = autograd transposed in every failing trial: a W where W^T belongs (or "
            "x^T delta written as delta x^T)")


def scope(failed: int, trials: int, everywhere: bool) -> str:
    """Where a factor holds: in every trial, or in the failing ones."""
    return "in every trial" if everywhere else f"in every failing trial ({failed} of {trials})"


def factor_seen(text: str, where: str) -> str:
    """What the trials show of a constant factor: ``derived = 2 x autograd in every
    trial``."""
    return f"derived = {text} x autograd {where}"


def factor(text: str, where: str, readings: list[str]) -> str:
    """``derived = 2 x autograd in every trial: <a reading>; or <another>``."""
    return f"{factor_seen(text, where)}: " + "; or ".join(readings)


def varying_factor(low: float, high: float) -> str:
    return (f"derived is proportional to autograd in every failing trial, but the factor "
            f"varies from {low:.4g} to {high:.4g}: a scale that depends on the inputs")


def relu_mask_missing() -> str:
    return ("derived equals autograd where autograd is non-zero, but is non-zero where "
            "autograd is 0: a missing ReLU mask (g'(z) = 0 for z < 0)")


def activation_missing(low: float, high: float, sigmoid: bool) -> str:
    """``sigmoid``: the ratio is at least 4, the inverse of sigma''s largest value."""
    which = " (always >= 4: sigma' = y (1 - y) <= 1/4 is missing)" if sigmoid else ""
    return (f"derived exceeds autograd element by element, by a factor from {low:.3g} to "
            f"{high:.3g}{which}: an activation derivative g'(z) <= 1 is missing from the "
            "delta")


def one_element(index: str, failed: int, trials: int) -> str:
    return (f"only element ({index}) differs, in {failed} of {trials} trials; every other "
            "element matches: a slip in one entry")


def some_trials(failed: int, judged: int, first: str) -> str:
    return (f"fails in {failed} of {judged} trials (first: {first}) and matches in the "
            "others: the error depends on the inputs, e.g. a sign, a branch or an activation "
            "derivative evaluated at the wrong point")


def elements_differ(mismatched: int, elements: int) -> str:
    return (f"{mismatched} of {elements} elements differ, with no common factor, sign or "
            "transpose: check the steps one by one")


def small_difference(worst: float, trials: int, informative: int, first: int | None) -> str:
    return (f"derived differs from autograd by a small amount, far above float64 rounding (at "
            f"most {worst:.2g} of the largest element), in {trials} of {informative} trials "
            f"(first: trial {first}): a small term left out or added (a weight decay with a "
            "tiny lambda), or a constant slightly off")


def reference_disagrees() -> str:
    return ("finite differences agree with the closed form, not with autograd: the loss's "
            "own backward is wrong (a custom autograd.Function in the loss?)")


def reference_undifferentiable() -> str:
    return ("finite differences agree with neither side: the loss is not differentiable at "
            "these inputs, or its backward is wrong")


def unstable_nonfinite(dtype: str, trials: int, first: int | None) -> str:
    return (f"correct in float64, but in {dtype} the closed form gives NaN or Inf in {trials} "
            f"trial(s) where autograd's own {dtype} gradient is finite (first: trial {first}): "
            "an overflow or a division that autograd's formula avoids")


def unstable_precision(dtype: str, bits: float, imprecise: int, trials: int, share: float,
                       median: float, worst: float, worst_trial: int | None) -> str:
    return (f"correct in float64, but in {dtype} the closed form loses more than {bits:g} "
            f"bits against autograd's own {dtype} error in {imprecise} of {trials} trials "
            f"(over {share:.0%}; median {median:.1f} bits, worst {worst:.1f} at trial "
            f"{worst_trial}): a numerically unstable formula")


# -- what a factor means -----------------------------------------------------------------


def square_kept() -> str:
    return ("the formula keeps the 2 of the square while the loss halves it (E = 1/2 sum "
            "(O - t)^2 differentiates to (O - t), not 2 (O - t))")


def square_lost() -> str:
    return ("the formula assumes E = 1/2 sum (O - t)^2 while the loss has no 1/2 (a sum of "
            "squares, or mse_loss of one element): the 2 of the square is missing")


def sign_flipped() -> str:
    return ("the sign is flipped: (t - O) where (O - t) belongs, or a descent step's minus "
            "sign inside the gradient")


def mean_missing(size: str, n: int) -> str:
    return (f"the loss averages over {size} = {n} but the formula sums: a missing 1/{size} "
            "(batch mean)")


def mean_extra(size: str, n: int) -> str:
    return (f"the formula divides by {size} = {n} but the loss does not average: an extra "
            f"1/{size}")


def mse_factor_kept(size: str) -> str:
    return (f"the formula carries mse_loss's 2/{size} (mean of squares, no 1/2) but the loss "
            "is 1/2 sum of squares")


def mse_factor_needed(size: str, n: int) -> str:
    return (f"mean-reduced MSE vs 1/2 sum of squares: the loss is mse_loss (mean over {size} "
            f"= {n}, no 1/2), so the formula needs 2/{size}")


def unnamed_factor() -> str:
    return "a constant factor: compare the loss's convention with the formula's"


# A factor that holds at every set of sizes checked, read for the sizes it names (``n``:
# one size's name, or two names for a product of sizes).


def every_size_square_kept() -> str:
    return ("the formula keeps the 2 of the square while the loss halves it (E = 1/2 sum "
            "(O - t)^2 differentiates to (O - t))")


def every_size_square_lost() -> str:
    return ("the formula assumes E = 1/2 sum (O - t)^2 while the loss has no 1/2: the 2 of "
            "the square is missing")


def every_size_sign() -> str:
    return "the sign is flipped: (t - O) where (O - t) belongs"


def every_size_mean_missing(n: str) -> str:
    return f"the loss averages over {n} but the formula sums: a missing 1/{n}"


def every_size_mean_extra(n: str) -> str:
    return f"the formula divides by {n} but the loss does not average over it: an extra 1/{n}"


def every_size_mse_kept(n: str) -> str:
    return (f"the formula carries mse_loss's 2/{n} (a mean of squares, no 1/2) but the loss "
            "is 1/2 sum of squares")


def every_size_mse_needed(n: str) -> str:
    return (f"the loss is mse_loss (a mean over {n}, no 1/2) but the formula is that of 1/2 "
            f"sum of squares: it needs 2/{n}")


def every_size_mse_kept_all(n: str) -> str:
    return (f"the formula carries mse_loss's 2/({n}) (a mean of squares over every element, "
            "no 1/2) but the loss is 1/2 sum of squares")


def every_size_mse_needed_all(n: str) -> str:
    return (f"the loss is mse_loss (a mean over all {n} elements, no 1/2) but the formula is "
            f"that of 1/2 sum of squares: it needs 2/({n})")


def every_size_divisor(right: str, wrong: str) -> str:
    return f"the formula divides by {wrong} where the loss divides by {right}"


def factor_seen_at_every_size(factor: str, first: str, elsewhere: str) -> str:
    """The factor seen at the declared sizes (``first``) and at others (``elsewhere``)."""
    return (f"derived = {factor} x autograd in every failing trial, at every size checked "
            f"({first}; {elsewhere})")


def factor_at_every_size(seen: str, why: str) -> str:
    """The factor seen at every size (``factor_seen_at_every_size``), and its reading."""
    return f"{seen}: {why}"


def square_nowhere(sized: bool) -> str:
    """A factor 2 read again where the loss squares nothing: a size, or a coefficient."""
    if sized:
        return "the loss squares nothing, so the 2 is no square's"
    return ("the loss squares nothing, so the 2 is no square's: a coefficient of the "
            "derivative is wrong")


def mse_loss_convention(summed: bool) -> str:
    """A factor 2 read again where the loss is mse_loss: its mean, or its sum."""
    if summed:
        return ("the loss is mse_loss summed, with no 1/2, whose gradient is 2 (a - b): the "
                "formula loses or doubles that 2")
    return ("the loss is mse_loss, a mean of squares with no 1/2, whose gradient is 2/N (a - "
            "b): the formula loses or doubles that 2")


# -- steps compared with one another, and at other sizes ---------------------------------


def return_order(holds: str) -> str:
    """``holds``: which step holds which gradient (``dW holds d/db, db holds d/dW``)."""
    return (f"the gradients are returned in the wrong order: {holds} (return one per name of "
            "wrt, in that order)")


def passes_here_fails_there(here: str, there: str, why: str) -> str:
    return f"passes at {here}, fails at {there}: {why}"


def flat_there(step: str, there: str, largest: float) -> str:
    """A size where the loss is constant: what the closed form gives there is not judged."""
    return (f"{step}: at {there} the loss is flat (autograd's gradient is 0 or rounding "
            f"noise in every trial), so the closed form's differences there (up to "
            f"{largest:.2g}) say nothing and were not counted")


def breaks_down(step: str, scale: str, trials: int) -> str:
    """A probed input scale where the closed form, not the formula, fails: a note."""
    return (f"{step}: at input scale {scale} the closed form breaks down numerically in "
            f"{trials} trial(s) (NaN/Inf, or far from autograd where its gradient is zero or "
            "rounding noise: an exp that overflows or underflows); not counted as a failure")


# -- the command's own lines -------------------------------------------------------------


def cli_usage(problem: str, prog: str) -> str:
    """Bad usage of a command (argparse's own words for the problem)."""
    return f"{problem} (see {prog} --help)"


def cli_no_command(topic: str, commands: list[str]) -> str:
    return f"no command {topic!r}; the commands are {', '.join(commands)}"


def cli_bad_sizes(text: str) -> str:
    return f"expected NAME=VALUE,..., e.g. N=4,D=3, not {text!r}"


def cli_cannot_explain(name: str, why: str) -> str:
    return f"cannot explain {name}: {why}"


def cli_interrupted(finished: int | None) -> str:
    """Ctrl-C: how many checks had finished, where known."""
    done = "" if finished is None else f"; {finished} checks finished"
    return f"verify-grads: interrupted{done}"


def cli_no_step_summary(path: str, reason: str) -> str:
    return f"verify-grads: cannot write the step summary to {path!r}: {reason}"


def cli_internal_error(kind: str, text: str) -> str:
    return (f"verify-grads: internal error: {kind}: {text} (this is a bug in verify-grads, "
            "not in your code; --debug shows the traceback)")


def internal_error_in_check(kind: str, text: str) -> str:
    return (f"an error inside verify-grads, not in the code checked, stopped this check: "
            f"{kind}: {text} (a bug in verify-grads; --debug shows the traceback)")


def cli_error(message: str) -> str:
    return f"verify-grads: error: {message}"


def no_float32_loss(error: str) -> str:
    """The loss runs in float64 but not in float32, where autograd's rounding is measured."""
    return (f"the loss cannot run in float32 ({error}): autograd's float64 rounding is not "
            "measured but taken as 1e-12 of the gradient's scale")


def no_low_kernel(dtype: str, error: str) -> str:
    """The loss cannot run in the checked low dtype on the device."""
    return (f"torch cannot run the loss in {dtype} on this device ({error}): {dtype} precision "
            "is not measured; the verdict is the float64 decision's")


def no_low_kernel_closed_form(dtype: str, error: str) -> str:
    """The closed form cannot run in the checked low dtype: torch or numpy lacks the
    operation there."""
    return (f"the closed form cannot run in {dtype} on this device ({error}): {dtype} "
            "precision is not measured; the verdict is the float64 decision's")


def autograd_off(step: str, worst: float, derived: float, autograd: float, trials: int
                 ) -> str:
    """Small mismatches that finite differences lay at autograd's door."""
    return (f"{step}: derived differs from autograd by up to {worst:.2g} of the largest "
            f"element, but finite differences side with the closed form (derived off by "
            f"{derived:.2g}, autograd by {autograd:.2g}, over {trials} trials): autograd's own "
            "float64 error; not counted as a failure")


def below_any_step(step: str, trials: int, worst: float, first: int | None,
                   floor: float) -> str:
    """Systematic differences too small for any step of a derivation to make."""
    return (f"{step}: {trials} trial(s) differ by at most {worst:.2g} of their scale (first: "
            f"trial {first}), below {floor:g}: no step of a derivation differs by so little; "
            f"{_TINY_SOURCES}")


def mostly_below_any_step(step: str, trials: int, above: int, worst: float,
                          first: int | None, floor: float) -> str:
    """Systematic differences too small for a step, a few of them above the floor."""
    return (f"{step}: {trials} trial(s) differ by at most {worst:.2g} of their scale (first: "
            f"trial {first}), only {above} of them by more than {floor:g}: too few to be a "
            f"mistake; {_TINY_SOURCES}")


#: What leaves differences far below any step's: the loss's own constants, or autograd's
#: rounding where large terms cancel.
_TINY_SOURCES = ("a library's own epsilon inside the loss (F.cosine_embedding_loss adds 1e-12 "
                 "to each squared norm), or autograd's own rounding where large terms cancel "
                 "(a logsumexp of large logits)")


def autograd_nonfinite(step: str, trials: int, total: int) -> str:
    """autograd's own gradient is NaN or Inf in many trials, which then prove nothing."""
    return (f"{step}: autograd's own gradient is NaN or Inf in {trials} of {total} trials, "
            "which prove nothing; a branch the loss does not take with torch.where is "
            "differentiated too (0 x NaN is NaN): make that branch finite "
            "(torch.sqrt(d.clamp(min=eps)))")


def unexplained(kind: str, message: str) -> str:
    """An error inside verify-grads while it explained a failure it had found."""
    return (f"an error inside verify-grads stopped the explanation of this failure ({kind}: "
            f"{message}); the verdict stands, decided before it (a bug in verify-grads, not "
            "in the code checked)")


def inconclusive(name: str, dtype: str, weak: str) -> str:
    """Too few trials of some steps were evidence; ``weak``: those steps, with counts."""
    return (f"{name}: inconclusive ({dtype}): autograd's gradient is zero, rounding noise, "
            f"NaN or Inf in too many trials to count as evidence: {weak}. Nothing in those "
            "trials depends on the inputs checked (dead ReLUs, a gradient that is exactly "
            "zero, activations saturated far past their range), or autograd's own gradient "
            "cannot be trusted there (NaN or Inf, or its float32 value off by more than the "
            "gradient itself where the loss cancels large terms): draw the inputs where the "
            "loss depends on them.")


def too_few_to_be_a_mistake(step: str, trials: int, worst: float, first: int | None) -> str:
    """Small mismatches in too few trials to fail the step."""
    return (f"{step}: {trials} trial(s) differ by at most {worst:.2g} of their scale, above "
            f"float64 rounding (first: trial {first}): too few to be a mistake; an "
            "approximation inside the loss or an ill-conditioned draw")


def within_checked_rounding(step: str, trials: int, worst: float, dtype: str) -> str:
    """Small mismatches within the rounding of the narrower dtype checked."""
    return (f"{step}: {trials} trial(s) differ by at most {worst:.2g} of their scale, within "
            f"{dtype}'s rounding: a constant held in {dtype} (torch.where(x > 0, 1.0, 0.1) "
            f"makes a {dtype} tensor) is right to {dtype}'s precision; a float64 check "
            "fails it")


def own_rounding(step: str, trials: int) -> str:
    """Small differences that the closed form's own rounding explains."""
    return (f"{step}: {trials} trial(s) differ from autograd by no more than the closed form's "
            "own rounding (it cancels terms far larger than its result); not counted as a "
            "failure")


def rounding_of_others(step: str, scale: str, trials: int) -> str:
    """A probed input scale where a step differs only by the rounding of larger values."""
    return (f"{step}: at input scale {scale} the closed form differs from autograd in {trials} "
            "trial(s) by less than the rounding of the trial's largest gradient (what is left "
            "of a cancellation in a saturated softmax or exp); not counted as a failure")


def autograd_breaks_down(step: str, scale: str, trials: int) -> str:
    """A probed input scale where central differences side with the closed form."""
    return (f"{step}: at input scale {scale} autograd's own gradient is off in {trials} "
            "trial(s), where float64 central differences agree with the closed form (its "
            "backward underflows or overflows where the loss does not); not counted as a "
            "failure")


def autograd_saturates(step: str, scale: str, trials: int) -> str:
    """A probed input scale where autograd, not the closed form, is off: a note."""
    return (f"{step}: at input scale {scale} the loss rounds a sigmoid or tanh to exactly its "
            f"limit, or binary_cross_entropy clamps a probability that near it, in {trials} "
            "trial(s), so autograd's gradient there is that of the clamped loss (a clamped "
            "log, a zero derivative), not the formula's; not counted as a failure")


# -- a cause proven by an edit of the code -----------------------------------------------

#: Every cause an edit can prove, with the words that name it.
CAUSE_WORDS = {
    "transpose": "a transposed operand",
    "reduction-axis": "a sum or mean over the wrong axes, or with its axis dropped",
    "wrong-divisor": "the wrong size",
    "mask": "a wrong mask",
    "activation-derivative-of-input": "the activation's derivative written wrong",
    "wrong-layer": "a value of the wrong layer",
    "wrong-operand": "the wrong operand",
    "activation-derivative-missing": "a missing activation derivative",
    "batch-mean": "a batch mean's 1/N missing or extra",
    "mse-convention": "a mean over every element (mse_loss's convention) taken for a mean "
                      "over the examples, or the reverse",
    "square-factor": "the 2 of a square",
    "wrong-coefficient": "a wrong coefficient",
    "missing-term": "a missing term",
    "sign": "a flipped sign",
    "return-order": "gradients returned in the wrong order",
}


def fix(cause: str, line: int, fixed: str, code: str, change: str, passed: int,
        trials: int) -> str:
    return (f"{CAUSE_WORDS[cause]} on line {line}, which should read `{fixed}`, not `{code}` "
            f"({change}); with that edit, {passed} of {trials} trials pass")


def fix_proven(said: str, proof: str) -> str:
    """A diagnosis's own words with the edit that proved them."""
    return f"{said}; proven: {proof}"


# -- the failure report (``DerivationReport.explain_failure``) -----------------------------

def fitted_shape(step: str, of: str, got: tuple[int, ...], want: tuple[int, ...]) -> str:
    """A result that left out axes of length 1 of its input's shape."""
    return (f"{step}: returned in shape {got}, where {of} has shape {want}: the same numbers "
            f"(the shapes differ only in axes of length 1), compared in {of}'s shape")


def report_error(name: str, dtype: str, device: str, error: str) -> str:
    return f"{name}: error ({dtype}, {device}): {error}"


def report_mismatch(name: str, step: str, dtype: str, trials: int, seed: int) -> str:
    return f"{name}: {step} does not match autograd ({dtype}, {trials} trials, seed {seed})"


def report_narrower(name: str, step: str, dtype: str, trials: int, seed: int) -> str:
    """The header of a step that fails for the dtype it returned, not for its values."""
    return (f"{name}: {step} is not computed in {dtype} ({dtype}, {trials} trials, seed "
            f"{seed}); its values, held to the precision it has:")


def report_first_step(step: str, formula: str, wrong: list[str]) -> str:
    return (f"First wrong step: {step}   ({formula}); wrong parameters: "
            f"{', '.join(wrong) or 'none'}")


def report_mismatched(mismatched: int, elements: int, failed: int, trials: int) -> str:
    """How many elements differ; for small mismatches alone, how many trials."""
    if mismatched:
        return f"Mismatched elements: {mismatched} / {elements} in {failed} / {trials} trials"
    return f"Small mismatches in {failed} / {trials} trials"


def report_worst(error: float, allowed: float, trial: int, index: str,
                 largest: float) -> str:
    return (f"Greatest relative difference {error:.3g} (allowed {allowed:.2g}) at trial "
            f"{trial}, index ({index}); largest absolute difference {largest:.4g}")


def report_values(step: str, index: str, derived: float, autograd: float) -> list[str]:
    """Both sides at the worst element, one line each."""
    return [f"  derived  {step}[{index}] = {derived:.6g}",
            f"  autograd {step}[{index}] = {autograd:.6g}"]


def report_decided_in_float64(dtype: str) -> str:
    return (f"Decided in float64 on the same {dtype}-rounded inputs; the {dtype} run measures "
            f"precision only")


def report_finite_differences(trials: int, derived_error: float,
                              autograd_error: float) -> str:
    return (f"Finite differences ({trials} trials): derived off by {derived_error:.2g}, "
            f"autograd by {autograd_error:.2g}")


def report_smallest_case(sizes: dict[str, int], trial: int, elements: int,
                         passes_at: dict[str, tuple[int, ...]]) -> str:
    """The smallest failing case, with the sizes at which the check passed on the way."""
    named = ", ".join(f"{k} = {v}" for k, v in sizes.items()) or "the default sizes"
    passing = "; ".join(f"passes at {k} = {', '.join(map(str, v))}"
                        for k, v in passes_at.items() if v)
    return (f"Smallest failing case: {named}, trial {trial} ({elements} input elements)"
            f"{'; it ' + passing if passing else ''}")


# -- what checked code changed in the process that checks it ----------------------------------

def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def replaced_while_checked(names: list[str]) -> str:
    them, were = ("it", "it was") if len(names) == 1 else ("them", "they were")
    return (f"the code replaced {_listed(names)} while it was checked, and autograd's "
            f"reference is computed with {them} too, so no verdict can be given; {were} put "
            "back for the other checks: leave torch's and numpy's functions as they are")


def replaced_when_imported(names: list[str]) -> str:
    were = "it was" if len(names) == 1 else "they were"
    return (f"the file replaced {_listed(names)} when it was imported; {were} put back "
            "before the checks, which ran on torch's and numpy's own")
