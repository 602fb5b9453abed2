"""The other sizes a derivation is checked at: which axes change together, which sizes are
drawn, the derivation at those sizes, and whether it still runs there."""

from __future__ import annotations

import dataclasses
import sys

import pytest
import torch
import torch.nn.functional as F

from derivations import REGISTRY
from verify import derivation, function_derivation
from verify.custom import DOUT
from verify.variation import (
    PRIMES,
    SizeGroup,
    accepts,
    at_sizes,
    describe_assignment,
    size_groups,
    variant_sizes,
)

ODD_PRIMES = {3, 5, 7, 11, 13, 17, 19, 23, 29, 31}


def mean_loss(x, w, t):
    """E = 1/N sum_n 1/2 (x_n . w - t_n)^2 over a batch x (N, D), t (N,)."""
    return 0.5 * ((x @ w - t) ** 2).mean()


def mean_grad(x, w, t):
    """dE/dw = 1/N x^T (x w - t), N read from x."""
    return x.T @ (x @ w - t) / x.shape[0]


def batch_of_four(x, w, t):
    """dE/dw = x^T (x w - t) / 4: right only where the batch is 4."""
    return x.T @ (x @ w - t) / 4


def batch_regression(grad=mean_grad, x=(4, 3), w=(3,), t=(4,)):
    return derivation(mean_loss, grad, wrt="w", shapes={"x": x, "w": w, "t": t})


def sigmoid_mse(w, x, t):
    """The README's perceptron: L = mse_loss(sigma(x w^T), t); x (1, 10), w (1, 10), t (1, 1)."""
    return F.mse_loss(torch.sigmoid(x @ w.T), t)


def sigmoid_mse_grad(w, x, t):
    o = torch.sigmoid(x @ w.T)
    return 2 * (o - t) * o * (1 - o) * x


def readme_perceptron():
    return derivation(sigmoid_mse, sigmoid_mse_grad, wrt="w",
                      shapes={"w": (1, 10), "x": (1, 10), "t": (1, 1)}, draws={"t": "uniform"})


class Linear(torch.autograd.Function):
    """out = x W^T;  dx = dout W, dW = dout^T x."""

    @staticmethod
    def forward(ctx, x, W):
        ctx.save_for_backward(x, W)
        return x @ W.T

    @staticmethod
    def backward(ctx, dout):
        x, W = ctx.saved_tensors
        return dout @ W, dout.T @ x


def linear_reference(x, W):
    return x @ W.T


def variants(built, seed=0):
    """Each variant of ``built`` as (assignment, derivation at it)."""
    groups = size_groups(built)
    return [(a, at_sizes(built, groups, a)) for a in variant_sizes(groups, seed)]


def autograd_of(built, name):
    """One seeded draw of ``built``'s inputs, its closed form's d``name`` and autograd's."""
    args = {n: v[0] for n, v in _draw(built).items()}
    wrt = args[name].clone().requires_grad_(True)
    (expected,) = torch.autograd.grad(built.loss(**{**args, name: wrt}), wrt)
    return built.gradient(**args)[f"d{name}"], expected


def _draw(built):
    from verify.sample import sample_trials
    return sample_trials(built, 0, 1, 0, dtype=torch.float64, device="cpu")


# size_groups -------------------------------------------------------------------------------

def test_named_sizes_are_one_group_each_at_every_axis_they_name():
    groups = size_groups(REGISTRY["affine_layer"])
    assert [(g.name, g.value, g.axes, g.named) for g in groups] == [
        ("N", 4, (("x", 0), ("dout", 0)), True),
        ("D", 3, (("x", 1), ("W", 0)), True),
        ("M", 5, (("W", 1), ("b", 0), ("dout", 1)), True),
    ]
    assert [g.describe() for g in groups] == ["N", "D", "M"]


def test_integer_dims_of_a_named_derivation_stay_as_written():
    groups = size_groups(REGISTRY["mlp_deep_bias_unit"])  # W1 (5, 4): 4 = 3 inputs + bias
    assert [g.name for g in groups] == ["m"]


def test_equal_integer_dims_are_linked_across_and_within_inputs():
    square = derivation(lambda A, v: (v @ A @ v), lambda A, v: torch.outer(v, v), wrt="A",
                        shapes={"A": (3, 3), "v": 3})
    (group,) = size_groups(square)
    assert (group.value, group.axes, group.named) == (3, (("A", 0), ("A", 1), ("v", 0)), False)
    assert group.describe() == "A.shape[0] = A.shape[1] = v.shape[0]"


def test_batch_regression_links_batch_and_feature_dims():
    groups = size_groups(batch_regression())
    assert [(g.describe(), g.value) for g in groups] == [
        ("x.shape[0] = t.shape[0]", 4), ("x.shape[1] = w.shape[0]", 3)]
    assert [g.name for g in groups] == ["x.shape[0]", "x.shape[1]"]


def test_dims_of_one_are_not_linked():
    groups = size_groups(readme_perceptron())
    assert [(g.describe(), g.value) for g in groups] == [("w.shape[1] = x.shape[1]", 10)]
    for assignment, varied in variants(readme_perceptron()):
        assert varied.input("t").shape == (1, 1)
        assert varied.input("w").shape == (1, assignment["w.shape[1]"])
        assert accepts(varied) is None


def test_a_fixed_input_keeps_every_group_of_its_dims_unvaried():
    def loss(x, c, w):
        return ((x * c).sum() * w).sum()

    def grad(x, c, w):
        return (x * c).sum() * torch.ones_like(w)

    built = derivation(loss, grad, wrt="w", shapes={"x": 3, "w": 4},
                       draws={"c": [1.0, 2.0, 3.0]})
    assert built.input("c").draw == "fixed"
    groups = size_groups(built)
    assert [(g.describe(), g.value) for g in groups] == [("w.shape[0]", 4)]
    for assignment, varied in variants(built):
        assert varied.input("x").shape == (3,)
        assert varied.input("c").shape == (3,)
        assert varied.input("w").shape == (assignment["w.shape[0]"],)
        assert accepts(varied) is None


def test_a_size_name_used_by_a_fixed_input_is_not_varied():
    def loss(x, c, w):
        return (x * c).sum() * w.sum()

    def grad(x, c, w):
        return (x * c).sum() * torch.ones_like(w)

    built = derivation(loss, grad, wrt="w", shapes={"x": "N", "c": "N", "w": "M"},
                       draws={"c": ("fixed", [1.0, 2.0, 3.0])}, sizes={"N": 3, "M": 2})
    assert [g.name for g in size_groups(built)] == ["M"]


def test_builtins_made_of_fixed_scalars_have_nothing_to_vary():
    assert size_groups(REGISTRY["shopping_apples"]) == ()
    assert size_groups(REGISTRY["chain_rule"]) == ()
    assert variant_sizes((), seed=0) == []


def test_linear_function_links_dout_to_the_output_dims():
    built = function_derivation(Linear, linear_reference, shapes={"x": (4, 3), "W": (2, 3)})
    assert built.input(DOUT).shape == (4, 2)
    assert [g.describe() for g in size_groups(built)] == [
        "x.shape[0] = dout.shape[0]", "x.shape[1] = W.shape[1]", "W.shape[0] = dout.shape[1]"]


def test_named_function_derivation_dout_follows_its_size_name():
    built = function_derivation(Linear, linear_reference, shapes={"x": ("N", "D"), "W": (2, "D")},
                                sizes={"N": 4, "D": 3})
    groups = size_groups(built)
    assert [(g.name, g.axes) for g in groups] == [
        ("N", (("x", 0), (DOUT, 0))), ("D", (("x", 1), ("W", 1)))]
    for assignment, varied in variants(built):
        assert varied.input(DOUT).shape == (assignment["N"], 2)
        assert accepts(varied) is None


def test_a_dout_dim_that_two_sizes_share_leaves_both_unvaried():
    built = function_derivation(Linear, linear_reference, shapes={"x": ("N", "D"), "W": ("M", "D")},
                                sizes={"N": 4, "D": 3, "M": 4})
    assert built.input(DOUT).shape == (4, 4)
    assert [g.name for g in size_groups(built)] == ["D"]


def test_a_dout_dim_equal_to_a_fixed_number_of_outputs_is_not_linked_to_a_size():
    # W's 3 outputs equal D = 3 by chance: dout's 3 is the outputs', and stays when D varies
    def loss(x, W, dout):
        return (dout * (x @ W)).sum()

    def grad(x, W, dout):
        return x.T @ dout

    built = derivation(loss, grad, wrt="W", sizes={"N": 4, "D": 3},
                       shapes={"x": ("N", "D"), "W": ("D", 3), "dout": ("N", 3)})
    assert [(g.name, g.axes) for g in size_groups(built)] == [
        ("N", (("x", 0), ("dout", 0))), ("D", (("x", 1), ("W", 0)))]
    for _, varied in variants(built):
        assert varied.input("dout").shape[1] == 3
        assert accepts(varied) is None


# variant_sizes -----------------------------------------------------------------------------

def test_named_sizes_get_all_ones_then_distinct_primes():
    groups = size_groups(REGISTRY["affine_layer"])
    ones, primes = variant_sizes(groups, seed=0)
    assert ones == {"N": 1, "D": 1, "M": 1}
    assert set(primes) == {"N", "D", "M"}
    assert set(primes.values()) <= set(PRIMES)
    assert len(set(primes.values())) == 3
    assert all(primes[g.name] != g.value for g in groups)


def test_named_sizes_declared_one_get_only_the_primes():
    groups = (SizeGroup("N", 1, (("x", 0),), True),)
    (primes,) = variant_sizes(groups, seed=0)
    assert primes["N"] in PRIMES


def test_inferred_groups_are_never_set_to_one():
    groups = size_groups(batch_regression())
    for seed in range(50):
        (assignment,) = variant_sizes(groups, seed)
        assert all(v in PRIMES for v in assignment.values())


def test_inferred_groups_stay_off_one_beside_size_names_at_one():
    groups = (SizeGroup("N", 4, (("x", 0),), True), SizeGroup("x.shape[1]", 3, (("x", 1),), False))
    ones, primes = variant_sizes(groups, seed=0)
    assert ones == {"N": 1, "x.shape[1]": primes["x.shape[1]"]}
    assert primes["x.shape[1]"] in PRIMES


def test_primes_are_distinct_across_groups_and_differ_from_declared_values():
    groups = tuple(SizeGroup(f"S{k}", p, ((f"x{k}", 0),), k % 2 == 0)
                   for k, p in enumerate((3, 5, 7, 11, 13, 2, 4)))
    for seed in range(50):
        for assignment in variant_sizes(groups, seed):
            drawn = [assignment[g.name] for g in groups if assignment[g.name] != 1]
            assert len(set(drawn)) == len(drawn)
            assert set(drawn) <= ODD_PRIMES
            assert all(assignment[g.name] != g.value for g in groups)


def test_each_size_name_gets_its_own_prime_even_where_declared_equal():
    groups = size_groups(dataclasses.replace(REGISTRY["affine_layer"],
                                             sizes={"N": 3, "D": 3, "M": 3}))
    for seed in range(20):
        primes = variant_sizes(groups, seed)[-1]
        assert len(set(primes.values())) == 3
        assert 3 not in primes.values()


def test_the_same_seed_draws_the_same_sizes_and_other_seeds_others():
    groups = size_groups(REGISTRY["mlp_two_layer"])
    assert variant_sizes(groups, 7) == variant_sizes(groups, 7)
    drawn = {tuple(variant_sizes(groups, seed)[-1].values()) for seed in range(20)}
    assert len(drawn) > 1


# at_sizes ----------------------------------------------------------------------------------

def test_at_sizes_sets_size_names_and_keeps_shapes_named():
    built = REGISTRY["affine_layer"]
    varied = at_sizes(built, size_groups(built), {"N": 7, "M": 2})
    assert dict(varied.sizes) == {"N": 7, "D": 3, "M": 2}
    assert varied.input("x").shape == ("N", "D")
    assert varied.input(DOUT).resolved_shape(varied.sizes) == (7, 2)
    assert dict(built.sizes) == {"N": 4, "D": 3, "M": 5}


def test_at_sizes_replaces_every_linked_integer_dim():
    built = function_derivation(Linear, linear_reference, shapes={"x": (4, 3), "W": (2, 3)})
    groups = size_groups(built)
    varied = at_sizes(built, groups, {"x.shape[0]": 5, "x.shape[1]": 7, "W.shape[0]": 11})
    assert [i.shape for i in varied.inputs] == [(5, 7), (11, 7), (5, 11)]
    assert accepts(varied) is None
    derived, expected = autograd_of(varied, "W")
    torch.testing.assert_close(derived, expected)


def test_labels_take_the_number_of_classes_of_their_group():
    def loss(x, t):
        return F.cross_entropy(x, t)

    def grad(x, t):
        return (torch.softmax(x, 1) - F.one_hot(t, x.shape[1])) / x.shape[0]

    built = derivation(loss, grad, wrt="x", shapes={"x": (4, 5), "t": 4},
                       draws={"t": ("labels", 5)})
    groups = size_groups(built)
    varied = at_sizes(built, groups, {"x.shape[0]": 3, "x.shape[1]": 7})
    assert (varied.input("t").shape, varied.input("t").classes) == ((3,), 7)
    assert accepts(varied) is None


def test_at_sizes_rejects_an_unknown_group_or_a_size_below_one():
    built = REGISTRY["affine_layer"]
    groups = size_groups(built)
    with pytest.raises(ValueError, match="no size group 'K'"):
        at_sizes(built, groups, {"K": 3})
    with pytest.raises(ValueError, match="'N': a size must be an integer >= 1, not 0"):
        at_sizes(built, groups, {"N": 0})


# accepts -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_builtin_runs_at_its_declared_sizes(name):
    assert accepts(REGISTRY[name]) is None


@pytest.mark.parametrize("name", ["affine_layer", "mlp_two_layer", "softmax_with_loss_labels",
                                  "mlp_deep_sigmoid", "perceptron_matrix"])
@pytest.mark.parametrize("seed", [0, 1])
def test_builtins_run_at_every_variant(name, seed):
    built = REGISTRY[name]
    assert variants(built, seed)
    for _, varied in variants(built, seed):
        assert accepts(varied) is None


def test_a_hard_coded_batch_is_accepted_at_other_sizes_so_its_values_can_be_judged():
    built = batch_regression(batch_of_four)
    groups = size_groups(built)
    assignment = {"x.shape[0]": 3, "x.shape[1]": 5}
    varied = at_sizes(built, groups, assignment)
    assert accepts(varied) is None
    derived, expected = autograd_of(built, "w")
    torch.testing.assert_close(derived, expected)
    derived, expected = autograd_of(varied, "w")
    torch.testing.assert_close(derived, expected * 3 / 4)


def test_a_gradient_of_the_first_example_only_is_accepted_at_a_larger_batch():
    def loss(x, w):
        return (x @ w).sum()

    def grad(x, w):
        return x[0]

    built = derivation(loss, grad, wrt="w", shapes={"x": ("N", "D"), "w": "D"},
                       sizes={"N": 1, "D": 3})
    ones, primes = variant_sizes(size_groups(built), seed=0)
    assert (ones["N"], primes["N"] > 1) == (1, True)
    varied = at_sizes(built, size_groups(built), primes)
    assert accepts(varied) is None
    derived, expected = autograd_of(varied, "w")
    assert not torch.allclose(derived, expected)


def test_a_loss_that_raises_at_other_sizes_says_so():
    def loss(x, w, t):
        return ((x.reshape(4, 3) @ w - t) ** 2).sum()

    built = derivation(loss, mean_grad, wrt="w", shapes={"x": (4, 3), "w": 3, "t": 4})
    groups = size_groups(built)
    assignment = {"x.shape[0]": 5, "x.shape[1]": 3}
    reason = accepts(at_sizes(built, groups, assignment),
                     at=describe_assignment(groups, assignment))
    assert reason == ("the loss raised RuntimeError at x.shape[0] = t.shape[0] = 5, "
                      "x.shape[1] = w.shape[0] = 3: shape '[4, 3]' is invalid for input of "
                      "size 15")


def test_a_closed_form_that_exits_is_caught():
    def grad(x, w, t):
        if x.shape[0] != 4:
            sys.exit(2)
        return mean_grad(x, w, t)

    built = batch_regression(grad)
    assert accepts(built) is None
    varied = at_sizes(built, size_groups(built), {"x.shape[0]": 3})
    assert accepts(varied, at="N = 3") == "the closed form raised SystemExit at N = 3: 2"


def test_a_gradient_of_the_wrong_shape_says_which_and_where():
    def grad(x, w, t):
        return torch.zeros(3)

    built = batch_regression(grad)
    varied = at_sizes(built, size_groups(built), {"x.shape[1]": 5})
    assert accepts(varied) == ("the closed form's dw has shape (3,), not (5,) as w, "
                               "at x (4, 5), w (5,), t (4,)")


def test_a_loss_that_is_not_a_scalar_at_other_sizes_says_so():
    def loss(x, w):
        return x @ w

    built = derivation(loss, lambda x, w: x[0], wrt="w", shapes={"x": ("N", "D"), "w": "D"},
                       sizes={"N": 1, "D": 3})
    assert accepts(at_sizes(built, size_groups(built), {"N": 3})) == (
        "the loss returned shape (3,), not a scalar, at N = 3, D = 3")


def test_a_missing_step_says_which():
    built = REGISTRY["affine_layer"]
    broken = dataclasses.replace(built, gradient=lambda **a: {"dx": built.gradient(**a)["dx"]})
    assert accepts(broken) == "the closed form returned no dout at N = 4, D = 3, M = 5"


# describe_assignment -----------------------------------------------------------------------

def test_describe_assignment_names_sizes_and_linked_axes():
    named = size_groups(REGISTRY["perceptron_multi"])
    assert describe_assignment(named, {"J": 3, "K": 5}) == "J = 3, K = 5"
    linked = size_groups(function_derivation(Linear, linear_reference,
                                             shapes={"x": (4, 3), "W": (2, 3)}))
    assert describe_assignment(linked, {"x.shape[0]": 3}) == "x.shape[0] = dout.shape[0] = 3"


def test_a_long_error_at_other_sizes_is_cut_between_words() -> None:
    from verify.variation import _MESSAGE_CHARS, _raised

    words = "kernel size can't be greater than actual input size " * 6
    message = _raised("the loss", ValueError(words), "N = 3").split(": ", 1)[1]
    assert len(message) <= _MESSAGE_CHARS and message.endswith("...")
    assert set(message[:-3].split()) <= set(words.split()), message
