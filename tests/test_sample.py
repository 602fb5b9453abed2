"""Seeded sampling: a trial's inputs depend on the seed, its number and the sizes only."""

import dataclasses
import itertools

import pytest
import torch

import verify.sample as sampling
from derivations import REGISTRY
from derivations.core import Input
from derivations.mlp import TWO_LAYER
from verify.sample import BLOCK_ELEMENTS, block_trials, sample, sample_trials, trial_elements

MLP = TWO_LAYER  # 56 input elements per trial
MASK64 = (1 << 64) - 1
#: Every kind of draw, with shapes that are not multiples of each other.
MIXED = dataclasses.replace(TWO_LAYER, name="mixed", inputs=(
    *TWO_LAYER.inputs,
    Input("y", ("J",), draw="labels", classes=7),
    Input("h", ("J", "K"), draw="onehot"),
    Input("p", ("K",), draw="positive", scale=2.0, low=0.25),
    Input("u", (4,), draw="uniform", low=-3.0, high=5.0),
    Input("c", (), draw="fixed", value=2.5)))


def _draw(start: int, stop: int, seed: int = 0, dtype: torch.dtype = torch.float64,
          derivation=MIXED, **options):
    return sample_trials(derivation, start, stop, seed, dtype=dtype, device="cpu", **options)


def _equal(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(a[n].dtype == b[n].dtype and torch.equal(a[n], b[n])
                                        for n in a)


def _word(seed: int, k: int) -> int:
    """Word k of the run seeded by seed, in Python integers."""
    z = (sampling._splitmix64(seed) + k * 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def test_trial_elements_and_block_trials():
    assert trial_elements(MLP) == 5 + 5 * 6 + 6 * 3 + 3
    assert block_trials(MLP) == BLOCK_ELEMENTS // 56
    huge = dataclasses.replace(MLP, sizes={"I": 300, "J": 300, "K": 3})
    assert block_trials(huge) == 1


def test_the_draws_are_the_documented_formulas_of_splitmix64_words():
    seed, stride = 2024, trial_elements(MIXED)
    drawn = _draw(1000, 1003, seed)
    for t in range(3):
        place = 0
        for item in MIXED.inputs:
            value = drawn[item.name][t].flatten()
            for j in range(min(value.numel(), 4)):
                w = _word(seed, (1000 + t) * stride + place + j)
                fields = (w & 0x1FFFFF) + ((w >> 21) & 0x1FFFFF) + ((w >> 42) & 0x1FFFFF)
                near_normal = (fields - 3 * (2 ** 21 - 1) / 2) * 2.0 ** -20
                expected = {
                    "normal": near_normal * item.scale,
                    "positive": item.low + abs(near_normal) * item.scale,
                    "uniform": item.low + (item.high - item.low) * ((w >> 40) * 2.0 ** -24),
                    "labels": ((w >> 32) * 7) >> 32,
                    "fixed": 2.5}.get(item.draw)
                if expected is not None:
                    assert value[j].item() == expected, (item.name, j)
            place += value.numel()
    rows = drawn["h"].argmax(-1)
    h_place = 5 + 30 + 18 + 3 + 6
    assert rows[0, 0].item() == ((_word(seed, 1000 * stride + h_place) >> 32) * 3) >> 32


@pytest.mark.parametrize("splits", [(0, 1, 2, 40), (0, 13, 14, 39, 40), (0, 39, 40)])
def test_a_trial_is_the_same_however_the_trials_are_split(splits):
    whole = _draw(0, 40, seed=9)
    parts = [_draw(a, b, seed=9) for a, b in itertools.pairwise(splits)]
    assert _equal({n: torch.cat([p[n] for p in parts]) for n in whole}, whole)


@pytest.mark.parametrize("piece", [1, 5, 56, 1000])
def test_a_trial_is_the_same_whatever_piece_the_words_are_made_in(monkeypatch, piece):
    whole = _draw(3, 40, seed=4)
    monkeypatch.setitem(sampling.PIECE_ELEMENTS, "cpu", piece)
    assert _equal(_draw(3, 40, seed=4), whole)


def test_far_trials_are_drawn_without_the_trials_before_them():
    far = 10 ** 9
    assert _equal(_draw(far + 5, far + 7), {n: v[5:] for n, v in _draw(far, far + 7).items()})


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.bfloat16])
def test_low_dtypes_are_the_float64_draw_rounded(dtype):
    exact, low = _draw(0, 100, scale=8.0), _draw(0, 100, dtype=dtype, scale=8.0)
    for name, value in low.items():
        wanted = exact[name].to(dtype) if exact[name].is_floating_point() else exact[name]
        assert value.dtype == wanted.dtype
        assert torch.equal(value, wanted), name


def test_a_float32_draw_seen_in_float64_is_the_float64_draw_rounded_once():
    exact, low = _draw(0, 500), _draw(0, 500, dtype=torch.float32)
    for name, value in low.items():
        if value.is_floating_point():
            assert torch.equal(value.double(), exact[name].float().double()), name


def test_sample_is_the_first_trials():
    assert _equal(sample(MIXED, 6, 3, dtype=torch.float32, device="cpu"),
                  _draw(0, 6, seed=3, dtype=torch.float32))


def test_seeds_and_neighbouring_trials_give_different_inputs():
    a, b = _draw(0, 50, seed=0), _draw(0, 50, seed=1)
    for item in MIXED.inputs:
        if item.draw == "fixed":
            continue
        assert not torch.equal(a[item.name], b[item.name]), item.name
        assert not torch.equal(a[item.name][:-1], a[item.name][1:]), item.name
    # elementwise, not only somewhere: no shared stretch of words
    assert (a["W_ij"] != b["W_ij"]).double().mean() > 0.99
    assert (a["W_ij"][1:] != a["W_ij"][:-1]).double().mean() > 0.99
    normal = a["W_ij"].flatten()
    assert normal.unique().numel() > 0.99 * normal.numel()


def test_the_near_normal_has_mean_0_variance_1_and_stays_within_3():
    item = Input("x", (1000,))
    x = sample_trials(dataclasses.replace(MLP, inputs=(item,), sizes={}), 0, 1000, 5,
                      dtype=torch.float64, device="cpu")["x"].flatten()
    assert abs(x.mean().item()) < 0.01
    assert abs(x.var().item() - 1) < 0.01
    assert abs((x > 0).double().mean().item() - 0.5) < 0.01
    assert x.abs().max().item() < 3 and x.abs().max().item() > 2.8
    assert (x != 0).all()
    # the fourth moment of a sum of three uniforms: 3 - 6/5/3 = 2.6 (a Gaussian's is 3)
    assert abs((x ** 4).mean().item() - 2.6) < 0.05


def test_labels_cover_every_class_and_stay_in_range():
    drawn = _draw(0, 2000)
    labels = drawn["y"]
    assert labels.dtype == torch.int64
    assert set(labels.unique().tolist()) == set(range(7))
    counts = torch.bincount(labels.flatten(), minlength=7).double()
    assert (counts / counts.sum() - 1 / 7).abs().max() < 0.01
    onehot = drawn["h"]
    assert onehot.sum(-1).eq(1).all() and set(onehot.argmax(-1).unique().tolist()) == {0, 1, 2}


def test_uniforms_stay_in_low_to_high_and_fill_it():
    drawn = _draw(0, 5000)
    for name, low, high in (("u", -3.0, 5.0), ("t", 0.1, 0.9)):
        u = drawn[name]
        assert (u >= low).all() and (u < high).all(), name
        assert u.min() < low + 0.01 * (high - low) and u.max() > high - 0.01 * (high - low)
        assert abs(u.mean().item() - (low + high) / 2) < 0.01 * (high - low)


def test_positives_are_above_low_and_constants_are_their_value():
    drawn = _draw(0, 1000)
    assert (drawn["p"] > 0.25).all() and drawn["p"].max() > 0.25 + 2 * 2.8
    assert drawn["c"].shape == (1000,) and drawn["c"].eq(2.5).all()


def test_an_element_that_rounds_to_zero_is_replaced_by_a_tiny_one():
    tiny = dataclasses.replace(MLP, inputs=(Input("x", (10_000,), scale=2.0 ** -10),),
                               sizes={})
    exact = sample_trials(tiny, 0, 100, 1, dtype=torch.float64, device="cpu")["x"]
    low = sample_trials(tiny, 0, 100, 1, dtype=torch.float16, device="cpu")["x"]
    zeros = exact.to(torch.float16) == 0
    assert zeros.any() and (low != 0).all()
    assert low[zeros].eq(2.0 ** -24).all()
    assert torch.equal(low[~zeros], exact.to(torch.float16)[~zeros])


def test_input_scales_multiply_the_normal_and_positive_inputs():
    one, eight = _draw(0, 20), _draw(0, 20, scale=8.0)
    for item in MIXED.inputs:
        if item.draw in ("normal", "positive"):
            assert torch.equal(eight[item.name], one[item.name] * 8), item.name
        else:
            assert torch.equal(eight[item.name], one[item.name]), item.name


def test_drawing_leaves_torch_random_state_and_autograd_alone():
    state = torch.random.get_rng_state()
    with torch.enable_grad():
        drawn = _draw(0, 10)
    assert torch.equal(torch.random.get_rng_state(), state)
    assert not any(v.requires_grad for v in drawn.values())
    assert torch.is_grad_enabled()


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_builtin_closed_form_is_autograds_gradient_at_the_drawn_inputs(name):
    derivation = REGISTRY[name]
    drawn = sample_trials(derivation, 0, 5, 0, dtype=torch.float64, device="cpu")
    for trial in range(5):
        inputs = {n: v[trial] for n, v in drawn.items()}
        closed = derivation.gradient(**inputs)
        for step in derivation.steps:
            if step.of not in inputs or not inputs[step.of].is_floating_point():
                continue
            leaves = {n: v.clone().requires_grad_(n == step.of) for n, v in inputs.items()}
            reference, = torch.autograd.grad(derivation.loss(**leaves), leaves[step.of])
            assert torch.allclose(closed[step.name], reference, rtol=1e-9, atol=1e-12), \
                (step.name, trial)


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_builtin_draws_its_shapes(name):
    derivation = REGISTRY[name]
    drawn = sample_trials(derivation, 0, 3, 0, dtype=torch.float32, device="cpu")
    for item in derivation.inputs:
        assert drawn[item.name].shape == (3, *item.resolved_shape(derivation.sizes))
