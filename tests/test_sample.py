"""Seeded sampling: a trial's inputs depend on the seed and its number, not on the chunking."""

import dataclasses

import pytest
import torch

from derivations import REGISTRY
from derivations.mlp import TWO_LAYER
from verify.sample import BLOCK_ELEMENTS, block_trials, sample_trials, trial_elements

MLP = TWO_LAYER  # 40 input elements per trial


def _draw(start: int, stop: int, seed: int = 0, dtype: torch.dtype = torch.float64):
    return sample_trials(MLP, start, stop, seed, dtype=dtype, device="cpu")


def test_trial_elements_and_block_trials():
    assert trial_elements(MLP) == 5 + 5 * 6 + 6 * 3 + 3
    assert block_trials(MLP) == BLOCK_ELEMENTS // 56
    huge = dataclasses.replace(MLP, sizes={"I": 300, "J": 300, "K": 3})
    assert block_trials(huge) == 1


def test_a_range_equals_the_same_trials_of_a_longer_draw():
    block = block_trials(MLP)
    whole = _draw(0, 3 * block + 7)
    part = _draw(block, 2 * block + 5)
    for name, value in part.items():
        assert torch.equal(value, whole[name][block:2 * block + 5])


def test_fewer_trials_are_a_prefix_of_more():
    short, long = _draw(0, 10), _draw(0, 1000)
    for name, value in short.items():
        assert torch.equal(value, long[name][:10])


def test_blocks_and_seeds_give_different_inputs():
    block = block_trials(MLP)
    drawn = _draw(0, 2 * block)["O_i"]
    assert not torch.equal(drawn[:block], drawn[block:])
    assert not torch.equal(_draw(0, 10, seed=1)["O_i"], _draw(0, 10, seed=0)["O_i"])


def test_low_dtypes_are_the_float64_draw_rounded():
    exact, low = _draw(0, 100), _draw(0, 100, dtype=torch.bfloat16)
    for name, value in low.items():
        assert value.dtype == torch.bfloat16
        assert torch.equal(value, exact[name].to(torch.bfloat16))


def test_any_start_gives_the_same_trials_as_drawing_from_zero():
    block = block_trials(MLP)
    for start, stop in ((3, 10), (block - 2, 2 * block + 5)):
        whole, part = _draw(0, stop), _draw(start, stop)
        for name, value in part.items():
            assert torch.equal(value, whole[name][start:])


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_builtin_draws_its_shapes(name):
    derivation = REGISTRY[name]
    drawn = sample_trials(derivation, 0, 3, 0, dtype=torch.float32, device="cpu")
    for item in derivation.inputs:
        assert drawn[item.name].shape == (3, *item.resolved_shape(derivation.sizes))
