"""Every sentence of ``verify.messages``, word for word: a change of wording is a change
users see (in reports, in the README's examples, in CI logs), so it shows here first."""

from __future__ import annotations

import math

import pytest

from verify import messages as say

SENTENCES = [
    pytest.param(say.loss_not_tensor("None"),
                 "the loss returned None: return the loss as a scalar tensor (is a return "
                 "missing?)",
                 id="loss_not_tensor"),
    pytest.param(say.loss_not_tensor("float"),
                 "the loss returned a value of type float, not a tensor: compute it with torch "
                 "operations on its inputs, so that autograd can differentiate it",
                 id="loss_not_tensor_small"),
    pytest.param(say.loss_not_real("complex64"),
                 "the loss returned a tensor of complex64: return a real floating-point scalar",
                 id="loss_not_real"),
    pytest.param(say.loss_detached("W, b"),
                 "the loss has no autograd history back to W, b: it was computed without torch "
                 "operations on them (a Python number, .item(), .detach(), numpy, "
                 "torch.no_grad) or does not depend on them",
                 id="loss_detached"),
    pytest.param(say.gradient_not_tensor("grad", "W", "set"),
                 "grad returned a value of type set as the gradient of 'W': return a tensor, an "
                 "array or a number",
                 id="gradient_not_tensor"),
    pytest.param(say.gradient_complex("grad", "W", "complex128"),
                 "grad returned complex values (complex128) as the gradient of 'W': the "
                 "gradient of a real loss with respect to a real input is real (return its real "
                 "part where the imaginary part is only rounding)",
                 id="gradient_complex"),
    pytest.param(say.no_value(),
                 "the closed form returned no value for this step",
                 id="no_value"),
    pytest.param(say.narrow_dtype("torch.float32"),
                 "the closed form returned torch.float32: its values lose the precision of the "
                 "inputs; compute in the inputs' dtype",
                 id="narrow_dtype"),
    pytest.param(say.device("on cuda:0"),
                 "the closed form returned its result on cuda:0: compute on the inputs' device",
                 id="device"),
    pytest.param(say.shape_transposed((3, 5), (5, 3)),
                 "derived has shape (3, 5), autograd (5, 3): transposed (W where W^T belongs, "
                 "or the outer product taken the wrong way round)",
                 id="shape_transposed"),
    pytest.param(say.shape_reduced((4,), (5,)),
                 "derived has shape (4,), autograd (5,): summed over the wrong axis (a bias "
                 "broadcast over the batch gets the sum over the batch axis)",
                 id="shape_reduced"),
    pytest.param(say.shape((2, 3), (3,)),
                 "derived has shape (2, 3), autograd (3,): the gradient must have the shape of "
                 "what it differentiates",
                 id="shape"),
    pytest.param(say.nonfinite(3, 7, "0, 1"),
                 "the closed form gives NaN or Inf in 3 trials where autograd is finite (first: "
                 "trial 7, element (0, 1)): a division by zero, a log of 0 or an overflowing exp",
                 id="nonfinite"),
    pytest.param(say.float64_refused("grad raised RuntimeError at f.py:3: found Double"),
                 "grad raised RuntimeError at f.py:3: found Double (in float64: every check is "
                 "decided on float64 inputs first, whatever its dtype; make the code's buffers "
                 "and constants follow its inputs' dtype, as torch.empty(n, dtype=x.dtype) "
                 "does)",
                 id="float64_refused"),
    pytest.param(say.raised_at_scales("8", "grad raised OverflowError at f.py:9"),
                 "at input scale 8 the code raised: grad raised OverflowError at f.py:9; those "
                 "trials were not counted",
                 id="raised_at_scales"),
    pytest.param(say.raised_at_scales("1/8 and 8", "loss raised ValueError at f.py:2"),
                 "at input scales 1/8 and 8 the code raised: loss raised ValueError at f.py:2; "
                 "those trials were not counted",
                 id="raised_at_scales_small"),
    pytest.param(say.loss_nowhere_finite(8, math.nan),
                 "the loss is NaN or infinite in each of the first 8 trials (trial 0: nan), so "
                 "its gradient says nothing: make the loss finite where the inputs are drawn (a "
                 "log of 0, a 0/0, a NaN written into it)",
                 id="loss_nowhere_finite"),
    pytest.param(say.replaced_while_checked(["torch.Tensor.__sub__"]),
                 "the code replaced torch.Tensor.__sub__ while it was checked, and autograd's "
                 "reference is computed with it too, so no verdict can be given; it was put "
                 "back for the other checks: leave torch's and numpy's functions as they are",
                 id="replaced_while_checked"),
    pytest.param(say.replaced_while_checked(["numpy.exp", "numpy.log", "math.exp", "torch.exp"]),
                 "the code replaced numpy.exp, numpy.log, math.exp and 1 more while it was "
                 "checked, and autograd's reference is computed with them too, so no verdict "
                 "can be given; they were put back for the other checks: leave torch's and "
                 "numpy's functions as they are",
                 id="replaced_while_checked_small"),
    pytest.param(say.replaced_when_imported(["numpy.exp"]),
                 "the file replaced numpy.exp when it was imported; it was put back before the "
                 "checks, which ran on torch's and numpy's own",
                 id="replaced_when_imported"),
    pytest.param(say.zeros(),
                 "the closed form returns all zeros where autograd does not",
                 id="zeros"),
    pytest.param(say.transposed(),
                 "derived = autograd transposed in every failing trial: a W where W^T belongs "
                 "(or x^T delta written as delta x^T)",
                 id="transposed"),
    pytest.param(say.scope(12, 200, everywhere=False),
                 "in every failing trial (12 of 200)",
                 id="scope"),
    pytest.param(say.scope(200, 200, everywhere=True),
                 "in every trial",
                 id="scope"),
    pytest.param(say.factor("2", "in every trial", ["one reading", "another"]),
                 "derived = 2 x autograd in every trial: one reading; or another",
                 id="factor"),
    pytest.param(say.varying_factor(0.5, 3.25),
                 "derived is proportional to autograd in every failing trial, but the factor "
                 "varies from 0.5 to 3.25: a scale that depends on the inputs",
                 id="varying_factor"),
    pytest.param(say.relu_mask_missing(),
                 "derived equals autograd where autograd is non-zero, but is non-zero where "
                 "autograd is 0: a missing ReLU mask (g'(z) = 0 for z < 0)",
                 id="relu_mask_missing"),
    pytest.param(say.activation_missing(4.0, 17.5, sigmoid=True),
                 "derived exceeds autograd element by element, by a factor from 4 to 17.5 "
                 "(always >= 4: sigma' = y (1 - y) <= 1/4 is missing): an activation derivative "
                 "g'(z) <= 1 is missing from the delta",
                 id="activation_missing"),
    pytest.param(say.activation_missing(1.2, 3.0, sigmoid=False),
                 "derived exceeds autograd element by element, by a factor from 1.2 to 3: an "
                 "activation derivative g'(z) <= 1 is missing from the delta",
                 id="activation_missing"),
    pytest.param(say.one_element("1, 2", 5, 200),
                 "only element (1, 2) differs, in 5 of 200 trials; every other element matches: "
                 "a slip in one entry",
                 id="one_element"),
    pytest.param(say.some_trials(37, 200, "3, 8, 11"),
                 "fails in 37 of 200 trials (first: 3, 8, 11) and matches in the others: the "
                 "error depends on the inputs, e.g. a sign, a branch or an activation "
                 "derivative evaluated at the wrong point",
                 id="some_trials"),
    pytest.param(say.elements_differ(11, 12),
                 "11 of 12 elements differ, with no common factor, sign or transpose: check the "
                 "steps one by one",
                 id="elements_differ"),
    pytest.param(say.small_difference(0.0021, 9, 200, 4),
                 "derived differs from autograd by a small amount, far above float64 rounding "
                 "(at most 0.0021 of the largest element), in 9 of 200 trials (first: trial 4): "
                 "a small term left out or added (a weight decay with a tiny lambda), or a "
                 "constant slightly off",
                 id="small_difference"),
    pytest.param(say.reference_disagrees(),
                 "finite differences agree with the closed form, not with autograd: the loss's "
                 "own backward is wrong (a custom autograd.Function in the loss?)",
                 id="reference_disagrees"),
    pytest.param(say.reference_undifferentiable(),
                 "finite differences agree with neither side: the loss is not differentiable at "
                 "these inputs, or its backward is wrong",
                 id="reference_undifferentiable"),
    pytest.param(say.unstable_nonfinite("float16", 2, 31),
                 "correct in float64, but in float16 the closed form gives NaN or Inf in 2 "
                 "trial(s) where autograd's own float16 gradient is finite (first: trial 31): "
                 "an overflow or a division that autograd's formula avoids",
                 id="unstable_nonfinite"),
    pytest.param(say.unstable_precision("bfloat16", 6.0, 40, 200, 0.1, 7.25, 12.5, 3),
                 "correct in float64, but in bfloat16 the closed form loses more than 6 bits "
                 "against autograd's own bfloat16 error in 40 of 200 trials (over 10%; median "
                 "7.2 bits, worst 12.5 at trial 3): a numerically unstable formula",
                 id="unstable_precision"),
    pytest.param(say.square_kept(),
                 "the formula keeps the 2 of the square while the loss halves it (E = 1/2 sum "
                 "(O - t)^2 differentiates to (O - t), not 2 (O - t))",
                 id="square_kept"),
    pytest.param(say.square_lost(),
                 "the formula assumes E = 1/2 sum (O - t)^2 while the loss has no 1/2 (a sum of "
                 "squares, or mse_loss of one element): the 2 of the square is missing",
                 id="square_lost"),
    pytest.param(say.sign_flipped(),
                 "the sign is flipped: (t - O) where (O - t) belongs, or a descent step's minus "
                 "sign inside the gradient",
                 id="sign_flipped"),
    pytest.param(say.mean_missing("N", 4),
                 "the loss averages over N = 4 but the formula sums: a missing 1/N (batch mean)",
                 id="mean_missing"),
    pytest.param(say.mean_extra("N", 4),
                 "the formula divides by N = 4 but the loss does not average: an extra 1/N",
                 id="mean_extra"),
    pytest.param(say.mse_factor_kept("I"),
                 "the formula carries mse_loss's 2/I (mean of squares, no 1/2) but the loss is "
                 "1/2 sum of squares",
                 id="mse_factor_kept"),
    pytest.param(say.mse_factor_needed("I", 5),
                 "mean-reduced MSE vs 1/2 sum of squares: the loss is mse_loss (mean over I = "
                 "5, no 1/2), so the formula needs 2/I",
                 id="mse_factor_needed"),
    pytest.param(say.unnamed_factor(),
                 "a constant factor: compare the loss's convention with the formula's",
                 id="unnamed_factor"),
    pytest.param(say.every_size_square_kept(),
                 "the formula keeps the 2 of the square while the loss halves it (E = 1/2 sum "
                 "(O - t)^2 differentiates to (O - t))",
                 id="every_size_square_kept"),
    pytest.param(say.every_size_square_lost(),
                 "the formula assumes E = 1/2 sum (O - t)^2 while the loss has no 1/2: the 2 of "
                 "the square is missing",
                 id="every_size_square_lost"),
    pytest.param(say.every_size_sign(),
                 "the sign is flipped: (t - O) where (O - t) belongs",
                 id="every_size_sign"),
    pytest.param(say.every_size_mean_missing("x.shape[0]"),
                 "the loss averages over x.shape[0] but the formula sums: a missing 1/x.shape[0]",
                 id="every_size_mean_missing"),
    pytest.param(say.every_size_mean_extra("N"),
                 "the formula divides by N but the loss does not average over it: an extra 1/N",
                 id="every_size_mean_extra"),
    pytest.param(say.every_size_mse_kept("N"),
                 "the formula carries mse_loss's 2/N (a mean of squares, no 1/2) but the loss "
                 "is 1/2 sum of squares",
                 id="every_size_mse_kept"),
    pytest.param(say.every_size_mse_needed("N"),
                 "the loss is mse_loss (a mean over N, no 1/2) but the formula is that of 1/2 "
                 "sum of squares: it needs 2/N",
                 id="every_size_mse_needed"),
    pytest.param(say.every_size_mse_kept_all("N D"),
                 "the formula carries mse_loss's 2/(N D) (a mean of squares over every element, "
                 "no 1/2) but the loss is 1/2 sum of squares",
                 id="every_size_mse_kept_all"),
    pytest.param(say.every_size_mse_needed_all("N D"),
                 "the loss is mse_loss (a mean over all N D elements, no 1/2) but the formula "
                 "is that of 1/2 sum of squares: it needs 2/(N D)",
                 id="every_size_mse_needed_all"),
    pytest.param(say.every_size_divisor(right="N", wrong="C"),
                 "the formula divides by C where the loss divides by N",
                 id="every_size_divisor"),
    pytest.param(say.factor_at_every_size(
        say.factor_seen_at_every_size("N", "4 at N = 4", "6 at N = 6"), "a reading"),
                 "derived = N x autograd in every failing trial, at every size checked (4 at N "
                 "= 4; 6 at N = 6): a reading",
                 id="factor_at_every_size"),
    pytest.param(say.square_nowhere(sized=True),
                 "the loss squares nothing, so the 2 is no square's",
                 id="square_nowhere"),
    pytest.param(say.square_nowhere(sized=False),
                 "the loss squares nothing, so the 2 is no square's: a coefficient of the "
                 "derivative is wrong",
                 id="square_nowhere"),
    pytest.param(say.mse_loss_convention(summed=False),
                 "the loss is mse_loss, a mean of squares with no 1/2, whose gradient is 2/N (a "
                 "- b): the formula loses or doubles that 2",
                 id="mse_loss_convention"),
    pytest.param(say.mse_loss_convention(summed=True),
                 "the loss is mse_loss summed, with no 1/2, whose gradient is 2 (a - b): the "
                 "formula loses or doubles that 2",
                 id="mse_loss_convention"),
    pytest.param(say.return_order("dW holds d/db, db holds d/dW"),
                 "the gradients are returned in the wrong order: dW holds d/db, db holds d/dW "
                 "(return one per name of wrt, in that order)",
                 id="return_order"),
    pytest.param(say.float32_inside(3.03e-07),
                 "the closed form returned float64 holding float32 values (it computes in "
                 "float32 and casts back), off by up to 3e-07 of the scale: in a float64 check "
                 "it loses the precision of the inputs; compute in the inputs' dtype, or check "
                 "it in float32",
                 id="float32_inside"),
    pytest.param(say.passes_here_fails_there("N = 4", "N = 7", "derived = 2 x autograd"),
                 "passes at N = 4, fails at N = 7: derived = 2 x autograd",
                 id="passes_here_fails_there"),
    pytest.param(say.breaks_down("dW", "8", 3),
                 "dW: at input scale 8 the closed form breaks down numerically in 3 trial(s) "
                 "(NaN/Inf, or far from autograd where its gradient is zero or rounding noise: "
                 "an exp that overflows or underflows); not counted as a failure",
                 id="breaks_down"),
    pytest.param(say.own_rounding("dX", 4),
                 "dX: 4 trial(s) differ from autograd by no more than the closed form's own "
                 "rounding (it cancels terms far larger than its result); not counted as a "
                 "failure",
                 id="own_rounding"),
    pytest.param(say.rounding_of_others("dWq", "8", 2),
                 "dWq: at input scale 8 the closed form differs from autograd in 2 trial(s) by "
                 "less than the rounding of the trial's largest gradient (what is left of a "
                 "cancellation in a saturated softmax or exp); not counted as a failure",
                 id="rounding_of_others"),
    pytest.param(say.autograd_saturates("dw", "1/8 and 8", 5),
                 "dw: at input scale 1/8 and 8 the loss rounds a sigmoid or tanh to exactly its "
                 "limit, or binary_cross_entropy clamps a probability that near it, in 5 "
                 "trial(s), so autograd's gradient there is that of the clamped loss (a clamped "
                 "log, a zero derivative), not the formula's; not counted as a failure",
                 id="autograd_saturates"),
    pytest.param(say.autograd_breaks_down("dW", "8", 19),
                 "dW: at input scale 8 autograd's own gradient is off in 19 trial(s), where "
                 "float64 central differences agree with the closed form (its backward "
                 "underflows or overflows where the loss does not); not counted as a failure",
                 id="autograd_breaks_down"),
    pytest.param(say.fix("transpose", 14, "dj = dk @ W2.T", "dj = dk @ W2", "W2 -> W2.T",
                         1000, 1000),
                 "a transposed operand on line 14, which should read `dj = dk @ W2.T`, not `dj "
                 "= dk @ W2` (W2 -> W2.T); with that edit, 1000 of 1000 trials pass",
                 id="fix"),
    pytest.param(say.factor_seen("2", "in every trial"), "derived = 2 x autograd in every trial",
                 id="factor_seen"),
    pytest.param(say.factor_seen_at_every_size("N", "4 at N = 4", "6 at N = 6"),
                 "derived = N x autograd in every failing trial, at every size checked (4 at N "
                 "= 4; 6 at N = 6)", id="factor_seen_at_every_size"),
    pytest.param(say.cli_usage("unrecognized arguments: --bogus", "verify-grads run"),
                 "unrecognized arguments: --bogus (see verify-grads run --help)",
                 id="cli_usage"),
    pytest.param(say.cli_no_command("bogus", ["run", "list"]),
                 "no command 'bogus'; the commands are run, list", id="cli_no_command"),
    pytest.param(say.cli_bad_sizes("N4"), "expected NAME=VALUE,..., e.g. N=4,D=3, not 'N4'",
                 id="cli_bad_sizes"),
    pytest.param(say.cli_cannot_explain("mine", "f.py:3: ZeroDivisionError: division by zero"),
                 "cannot explain mine: f.py:3: ZeroDivisionError: division by zero",
                 id="cli_cannot_explain"),
    pytest.param(say.cli_interrupted(3), "verify-grads: interrupted; 3 checks finished",
                 id="cli_interrupted"),
    pytest.param(say.cli_interrupted(None), "verify-grads: interrupted",
                 id="cli_interrupted_small"),
    pytest.param(say.cli_no_step_summary("/s.md", "Permission denied"),
                 "verify-grads: cannot write the step summary to '/s.md': Permission denied",
                 id="cli_no_step_summary"),
    pytest.param(say.cli_internal_error("KeyError", "'x'"),
                 "verify-grads: internal error: KeyError: 'x' (this is a bug in verify-grads, "
                 "not in your code; --debug shows the traceback)", id="cli_internal_error"),
    pytest.param(say.internal_error_in_check("KeyError", "'x'"),
                 "an error inside verify-grads, not in the code checked, stopped this check: "
                 "KeyError: 'x' (a bug in verify-grads; --debug shows the traceback)",
                 id="internal_error_in_check"),
    pytest.param(say.cli_error("no derivation named 'x'"),
                 "verify-grads: error: no derivation named 'x'", id="cli_error"),
    pytest.param(say.no_float32_loss("loss raised RuntimeError at f.py:3: dtypes differ"),
                 "the loss cannot run in float32 (loss raised RuntimeError at f.py:3: dtypes "
                 "differ): autograd's float64 rounding is not measured but taken as 1e-12 of "
                 "the gradient's scale", id="no_float32_loss"),
    pytest.param(say.no_low_kernel("float16", "op raised NotImplementedError"),
                 "torch cannot run the loss in float16 on this device (op raised "
                 "NotImplementedError): float16 precision is not measured; the verdict is the "
                 "float64 decision's", id="no_low_kernel"),
    pytest.param(say.autograd_nonfinite("dd", 797, 800),
                 "dd: autograd's own gradient is NaN or Inf in 797 of 800 trials, which prove "
                 "nothing; a branch the loss does not take with torch.where is differentiated "
                 "too (0 x NaN is NaN): make that branch finite (torch.sqrt(d.clamp(min=eps)))",
                 id="autograd_nonfinite"),
    pytest.param(say.unexplained("KeyError", "'x'"),
                 "an error inside verify-grads stopped the explanation of this failure "
                 "(KeyError: 'x'); the verdict stands, decided before it (a bug in "
                 "verify-grads, not in the code checked)", id="unexplained"),
    pytest.param(say.inconclusive("relu", "float32", "dW (3 of 800 trials evidential)"),
                 "relu: inconclusive (float32): autograd's gradient is zero, rounding noise, "
                 "NaN or Inf in too many trials to count as evidence: dW (3 of 800 trials "
                 "evidential). Nothing in those trials depends on the inputs checked (dead "
                 "ReLUs, a gradient that is exactly zero, activations saturated far past their "
                 "range), or autograd's own gradient cannot be trusted there (NaN or Inf, or "
                 "its float32 value off by more than the gradient itself where the loss cancels "
                 "large terms): draw the inputs where the loss depends on them.",
                 id="inconclusive"),
    pytest.param(say.no_low_kernel_closed_form("bfloat16", "grad raised RuntimeError"),
                 "the closed form cannot run in bfloat16 on this device (grad raised "
                 "RuntimeError): bfloat16 precision is not measured; the verdict is the "
                 "float64 decision's", id="no_low_kernel_closed_form"),
    pytest.param(say.autograd_off("dx", 3.9e-8, 8e-12, 2.7e-8, 16),
                 "dx: derived differs from autograd by up to 3.9e-08 of the largest element, "
                 "but finite differences side with the closed form (derived off by 8e-12, "
                 "autograd by 2.7e-08, over 16 trials): autograd's own float64 error; not "
                 "counted as a failure", id="autograd_off"),
    pytest.param(say.too_few_to_be_a_mistake("dx", 2, 3e-9, 17),
                 "dx: 2 trial(s) differ by at most 3e-09 of their scale, above float64 "
                 "rounding (first: trial 17): too few to be a mistake; an approximation "
                 "inside the loss or an ill-conditioned draw", id="too_few_to_be_a_mistake"),
    pytest.param(say.within_checked_rounding("dx", 300, 5.6e-9, "float32"),
                 "dx: 300 trial(s) differ by at most 5.6e-09 of their scale, within float32's "
                 "rounding: a constant held in float32 (torch.where(x > 0, 1.0, 0.1) makes a "
                 "float32 tensor) is right to float32's precision; a float64 check fails it",
                 id="within_checked_rounding"),
    pytest.param(say.mostly_below_any_step("da", 963, 4, 4.3e-10, 0, 1e-10),
                 "da: 963 trial(s) differ by at most 4.3e-10 of their scale (first: trial 0), "
                 "only 4 of them by more than 1e-10: too few to be a mistake; a library's own "
                 "epsilon inside the loss (F.cosine_embedding_loss adds 1e-12 to each squared "
                 "norm), or autograd's own rounding where large terms cancel (a logsumexp of "
                 "large logits)", id="mostly_below_any_step"),
    pytest.param(say.below_any_step("da", 179, 7e-12, 0, 1e-10),
                 "da: 179 trial(s) differ by at most 7e-12 of their scale (first: trial 0), "
                 "below 1e-10: no step of a derivation differs by so little; a library's own "
                 "epsilon inside the loss (F.cosine_embedding_loss adds 1e-12 to each squared "
                 "norm), or autograd's own rounding where large terms cancel (a logsumexp of "
                 "large logits)", id="below_any_step"),
    pytest.param(say.fix_proven("derived = -1 x autograd", "a flipped sign on line 3"),
                 "derived = -1 x autograd; proven: a flipped sign on line 3",
                 id="fix_proven"),
    pytest.param(say.flat_there("dW", "N = 1", 1.25e-16),
                 "dW: at N = 1 the loss is flat (autograd's gradient is 0 or rounding noise in "
                 "every trial), so the closed form's differences there (up to 1.3e-16) say "
                 "nothing and were not counted",
                 id="flat_there"),
    pytest.param(say.fitted_shape("db", "b", (), (1,)),
                 "db: returned in shape (), where b has shape (1,): the same numbers (the "
                 "shapes differ only in axes of length 1), compared in b's shape",
                 id="fitted_shape"),
    pytest.param(say.report_error("mlp", "float32", "cpu", "the loss raised ValueError"),
                 "mlp: error (float32, cpu): the loss raised ValueError",
                 id="report_error"),
    pytest.param(say.report_mismatch("mlp", "dW1", "float64", 1000, 0),
                 "mlp: dW1 does not match autograd (float64, 1000 trials, seed 0)",
                 id="report_mismatch"),
    pytest.param(say.report_first_step("dh", "delta W2^T", ["W1", "b1"]),
                 "First wrong step: dh   (delta W2^T); wrong parameters: W1, b1",
                 id="report_first_step"),
    pytest.param(say.report_narrower("gelu", "dx", "float64", 200, 0),
                 "gelu: dx is not computed in float64 (float64, 200 trials, seed 0); its "
                 "values, held to the precision it has:",
                 id="report_narrower"),
    pytest.param(say.report_mismatched(12, 40, 998, 1000),
                 "Mismatched elements: 12 / 40 in 998 / 1000 trials",
                 id="report_mismatched"),
    pytest.param(say.report_mismatched(0, 40, 3, 1000),
                 "Small mismatches in 3 / 1000 trials",
                 id="report_mismatched_small"),
    pytest.param(say.report_worst(0.5, 1e-7, 4, "1, 2", 0.123456),
                 "Greatest relative difference 0.5 (allowed 1e-07) at trial 4, index (1, 2); "
                 "largest absolute difference 0.1235",
                 id="report_worst"),
    pytest.param(say.report_values("dW", "1, 2", 0.25, -1 / 3),
                 ["  derived  dW[1, 2] = 0.25", "  autograd dW[1, 2] = -0.333333"],
                 id="report_values"),
    pytest.param(say.report_decided_in_float64("bfloat16"),
                 "Decided in float64 on the same bfloat16-rounded inputs; the bfloat16 run "
                 "measures precision only",
                 id="report_decided_in_float64"),
    pytest.param(say.report_finite_differences(3, 0.5, 1.25e-9),
                 "Finite differences (3 trials): derived off by 0.5, autograd by 1.3e-09",
                 id="report_finite_differences"),
    pytest.param(say.report_smallest_case({"N": 2, "D": 1}, 0, 7, {"N": (1,), "D": ()}),
                 "Smallest failing case: N = 2, D = 1, trial 0 (7 input elements); it passes "
                 "at N = 1",
                 id="report_smallest_case"),
]


@pytest.mark.parametrize(("said", "sentence"), SENTENCES)
def test_sentence_word_for_word(said: str, sentence: str) -> None:
    assert said == sentence


def test_every_sentence_is_tested() -> None:
    tested = {p.id.removesuffix("_small") for p in SENTENCES}
    assert tested == {n for n in say.__all__ if callable(getattr(say, n))}


def test_every_cause_a_diagnosis_names_has_its_words() -> None:
    from verify.diagnose import CAUSES

    assert set(CAUSES.values()) <= set(say.CAUSE_WORDS)
    assert say.CAUSE_WORDS["transpose"] == "a transposed operand"
