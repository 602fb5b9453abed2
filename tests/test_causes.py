"""Causes proven by the sizes a derivation runs at, gradients returned in the wrong order,
and the first wrong line named in the report."""

from __future__ import annotations

import torch

from verify import check
from verify.causes import Observation, size_factor_cause

WORDS = {"N": "N", "C": "C"}


def test_a_factor_that_follows_the_batch_size_is_a_batch_mean() -> None:
    seen = [Observation({"N": 4, "C": 3}, 4.0), Observation({"N": 7, "C": 5}, 7.0)]
    cause = size_factor_cause(seen, WORDS)
    assert cause.kind == "batch-mean"
    assert cause.message.startswith("derived = N x autograd in every failing trial, at every "
                                    "size checked (4 at N = 4, C = 3; 7 at N = 7, C = 5)")


def test_n_equal_to_2_is_told_apart_from_the_2_of_a_square() -> None:
    """At N = 2 a missing 1/N and a kept 2 give the same factor; at N = 5 they part."""
    missing_mean = [Observation({"N": 2}, 2.0), Observation({"N": 5}, 5.0)]
    assert size_factor_cause(missing_mean, {"N": "N"}).kind == "batch-mean"
    kept_two = [Observation({"N": 2}, 2.0), Observation({"N": 5}, 2.0)]
    cause = size_factor_cause(kept_two, {"N": "N"})
    assert cause.kind == "factor" and "the 2 of the square" in cause.message


def test_dividing_by_the_classes_instead_of_the_batch_is_a_wrong_divisor() -> None:
    seen = [Observation({"N": 4, "C": 3}, 4 / 3), Observation({"N": 7, "C": 5}, 7 / 5)]
    cause = size_factor_cause(seen, WORDS)
    assert cause.kind == "wrong-divisor"
    assert "divides by C where the loss divides by N" in cause.message


def test_no_reading_without_sizes_that_changed_or_one_that_fits() -> None:
    assert size_factor_cause([Observation({"N": 4}, 4.0)], {"N": "N"}) is None
    odd = [Observation({"N": 4}, 3.7), Observation({"N": 7}, 1.1)]
    assert size_factor_cause(odd, {"N": "N"}) is None


def softmax_loss(x, t):
    return -(t * torch.log_softmax(x, dim=1)).sum() / x.shape[0]


def test_a_missing_batch_mean_with_integer_shapes_is_named_by_its_axis() -> None:
    report = check(softmax_loss, lambda x, t: torch.softmax(x, dim=1) - t, wrt="x",
                   shapes={"x": (4, 3), "t": (4, 3)}, draws={"t": "onehot"}, trials=100)
    diagnosis = report.steps[0].diagnosis
    assert diagnosis.kind == "batch-mean"
    assert diagnosis.message.startswith("derived = x.shape[0] = t.shape[0] x autograd")


def test_gradients_returned_in_the_wrong_order_are_named() -> None:
    def loss(x, W):
        return torch.tanh(x @ W).sum()

    def grad(x, W):
        d = 1 - torch.tanh(x @ W) ** 2
        return x.T @ d, d @ W.T          # (dW, dx) where wrt asks for (dx, dW)

    report = check(loss, grad, wrt=("x", "W"), shapes={"x": (3, 3), "W": (3, 3)}, trials=50)
    assert report.verdict == "failed"
    diagnosis = report.first_wrong_step.diagnosis
    assert diagnosis.kind == "return-order"
    assert "dx holds d/dW, dW holds d/dx" in diagnosis.message


def test_the_report_names_the_first_wrong_line() -> None:
    def loss(x, w):
        return torch.sigmoid(x @ w).sum()

    def grad(x, w):
        o = torch.sigmoid(x @ w)
        slope = o * (1 - o) / 2
        return x.T @ slope

    report = check(loss, grad, wrt="w", shapes={"x": (4, 3), "w": (3,)}, trials=50)
    line = grad.__code__.co_firstlineno + 2
    assert f"First wrong line: tests/test_causes.py:{line}: slope = o * (1 - o) / 2" in \
        report.explain_failure()
