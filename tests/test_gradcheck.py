"""Agreement with torch.autograd.gradcheck: each built-in closed form, and each catalogue
mutant, wrapped as the backward of an autograd.Function. Our verdict and gradcheck's agree.

gradcheck runs in float64 with tolerances tightened to rtol 1e-6, atol 1e-8 (its defaults,
rtol 1e-3, would let the 0.1%-off mutant through while the verifier flags it). Mutants that
return no gradient, another dtype or another shape are left out: gradcheck does not get as
far as comparing them (autograd rejects such a backward before any comparison).
"""

from __future__ import annotations

import pytest
import torch

from derivations import REGISTRY, Derivation
from verify import verify
from verify.mutants import CATALOGUE, applies, mutate
from verify.sample import sample_trials

NAMES = ["perceptron_single", "perceptron_matrix", "mlp_two_layer", "mlp_deep_sigmoid",
         "mlp_deep_bias_unit", "affine_layer", "softmax_with_loss", "sigmoid_graph"]
UNCOMPARABLE = {"missing-gradient", "wrong-dtype", "transpose", "off-by-one-layer",
                "wrong-reduction-axis"}


def as_function(d: Derivation) -> type[torch.autograd.Function]:
    """An autograd.Function whose forward is the loss and whose backward is the closed form."""
    names = [i.name for i in d.inputs]
    step_of = {s.of: s.name for s in d.steps if d.is_param_step(s)}

    class ClosedForm(torch.autograd.Function):
        @staticmethod
        def forward(ctx, *values):
            ctx.save_for_backward(*values)
            return d.loss(**dict(zip(names, values, strict=True)))

        @staticmethod
        def backward(ctx, dout):
            grads = d.gradient(**dict(zip(names, ctx.saved_tensors, strict=True)))
            return tuple(dout * grads[step_of[n]] if n in step_of else None for n in names)

    return ClosedForm


def gradcheck_passes(d: Derivation, seed: int) -> bool:
    drawn = sample_trials(d, 0, 1, seed, dtype=torch.float64, device="cpu")
    values = [drawn[i.name][0].clone().requires_grad_(i.name in d.params) for i in d.inputs]
    return torch.autograd.gradcheck(as_function(d).apply, values, eps=1e-6, atol=1e-8,
                                     rtol=1e-6, raise_exception=False)


def cases() -> list[tuple[str, str | None]]:
    found = [(name, None) for name in NAMES]
    for mutant in CATALOGUE:
        if mutant.name not in UNCOMPARABLE:
            found += [(name, mutant.name) for name in NAMES if applies(REGISTRY[name], mutant)]
    return found


@pytest.mark.parametrize(("name", "mutant"), cases())
def test_our_verdict_and_gradchecks_agree(name: str, mutant: str | None) -> None:
    d = REGISTRY[name]
    if mutant is not None:
        d = mutate(d, next(m for m in CATALOGUE if m.name == mutant))
    ours = verify(d, trials=50, shrink=False).verdict
    assert ours in ("verified", "failed")
    for seed in range(2):
        assert gradcheck_passes(d, seed) == (ours == "verified"), (name, mutant, seed)
    assert (ours == "verified") == (mutant is None)
