"""The harness around the user's code: memory measured per trial, files checked each in a
process of its own, exits, hangs and Ctrl-C survived, strict JSON, exit codes."""

from __future__ import annotations

import pytest
import torch

from verify.memory import CPU_BUDGET, budget_bytes, bytes_per_trial, peak_bytes, trials_per_chunk

# -- memory -------------------------------------------------------------------------------


def test_the_peak_counts_what_is_held_at_once() -> None:
    def two_of_three() -> None:
        a = torch.ones(1000, 1000, dtype=torch.float64)
        del a
        b = torch.ones(1000, 1000, dtype=torch.float64)
        c = b * 2
        del c

    assert peak_bytes(two_of_three) == 2 * 8_000_000


def test_inputs_made_before_and_views_and_in_place_writes_are_not_counted() -> None:
    x = torch.ones(1000, dtype=torch.float64)

    def touches() -> None:
        x.mul_(2)
        x[::2].add_(1)
        x.view(10, 100).sum()

    assert peak_bytes(touches) <= 16  # the sum's own result


def _sine_and_its_gradient(trials: int) -> torch.Tensor:
    x = torch.randn(trials, 100, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(x.sin().sum(), x)
    return g


def test_bytes_per_trial_counts_intermediates_and_gradients() -> None:
    # per trial: x, sin(x), and the gradient cos(x): 3 x 100 float64
    assert bytes_per_trial(_sine_and_its_gradient) == 3 * 800


def test_bytes_per_trial_under_vmap() -> None:
    def mapped(trials: int) -> torch.Tensor:
        x = torch.randn(trials, 100, dtype=torch.float64)
        return torch.func.vmap(lambda v: (v * 2).exp())(x)

    assert bytes_per_trial(mapped) == 3 * 800


def test_trials_per_chunk_fits_the_budget_in_whole_blocks() -> None:
    assert trials_per_chunk(1000, 10**6) == 1000
    assert trials_per_chunk(1000, 10**6, block=300) == 900
    assert trials_per_chunk(10**7, 10**6, block=64) == 64  # one block at least
    assert trials_per_chunk(2400) == CPU_BUDGET // 2400
    assert budget_bytes("cpu") == CPU_BUDGET == 1 << 30
    with pytest.raises(ValueError, match="must be positive"):
        trials_per_chunk(0)
    with pytest.raises(ValueError, match="at least 2"):
        bytes_per_trial(_sine_and_its_gradient, trials=1)
