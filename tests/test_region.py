"""Where in input space a gradient fails: a rule read from the wrong and right elements."""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation, verify
from verify.region import where_wrong

SLOPE = 0.1


def leaky_loss(x, dout):
    return (dout * F.leaky_relu(x, negative_slope=SLOPE)).sum()


def leaky_grad_slope_forgotten(x, dout):
    return np.where(x > 0, dout, 0.0)


def test_a_forgotten_leaky_slope_fails_only_where_x_is_negative():
    case = derivation(leaky_loss, leaky_grad_slope_forgotten, wrt="x",
                      shapes={"x": (5, 4), "dout": (5, 4)})
    step = verify(case, trials=200).first_wrong_step
    assert step.diagnosis.region == "x < 0"
    assert "it fails only where x < 0: all " in step.diagnosis.message
    assert "none of the " in step.diagnosis.message


def huber_loss(pred, y):
    r = pred - y
    return torch.where(r.abs() <= 1, 0.5 * r ** 2, r.abs() - 0.5).sum()


def huber_grad_unclipped(pred, y):
    return pred - y  # the linear part's gradient is sign(r), not r


def test_a_missing_clip_fails_only_where_the_residual_is_large():
    case = derivation(huber_loss, huber_grad_unclipped, wrt="pred",
                      shapes={"pred": (6, 3), "y": (6, 3)})
    step = verify(case, trials=200).first_wrong_step
    assert step.diagnosis.region == "|r| > 1"


def cross_entropy(z, t):
    return F.cross_entropy(z, t, reduction="sum")


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy_grad_one_label_twice(z, t):
    p = softmax(z)
    p[np.arange(len(t)), t] -= 1
    p[t == 2] *= 2  # rows of class 2 counted twice
    return p


def test_rows_of_one_label_give_the_label_as_the_region():
    case = derivation(cross_entropy, cross_entropy_grad_one_label_twice, wrt="z",
                      shapes={"z": (8, 4), "t": (8,)}, draws={"t": ("labels", 4)})
    step = verify(case, trials=200).first_wrong_step
    assert step.diagnosis.region == "t = 2"


def test_a_mistake_everywhere_has_no_region():
    case = derivation(leaky_loss, lambda x, dout: -np.where(x > 0, dout, SLOPE * dout),
                      wrt="x", shapes={"x": (5, 4), "dout": (5, 4)})
    step = verify(case, trials=100).first_wrong_step
    assert step.diagnosis.region is None
    assert "fails only where" not in step.diagnosis.message


def test_wrong_elements_with_no_rule_give_no_region():
    """Elements picked by a hash of their position, not by any quantity of the loss."""
    picked = torch.tensor([[1, 0, 0, 1], [0, 1, 1, 0], [1, 1, 0, 0], [0, 0, 1, 1],
                           [1, 0, 1, 0]], dtype=torch.bool)

    def grad(x, dout):
        dx = torch.where(x > 0, dout, SLOPE * dout)
        return torch.where(picked, 2 * dx, dx)

    case = derivation(leaky_loss, grad, wrt="x", shapes={"x": (5, 4), "dout": (5, 4)})
    trials = [{"x": torch.randn(5, 4, dtype=torch.float64, generator=g),
               "dout": torch.randn(5, 4, dtype=torch.float64, generator=g)}
              for g in [torch.Generator().manual_seed(s) for s in range(20)]]
    assert where_wrong(case, "x", trials) is None


def test_too_few_elements_on_one_side_give_no_region():
    case = derivation(leaky_loss, leaky_grad_slope_forgotten, wrt="x",
                      shapes={"x": (5, 4), "dout": (5, 4)})
    g = torch.Generator().manual_seed(0)
    one = {"x": torch.randn(5, 4, dtype=torch.float64, generator=g).abs() + 0.1,
           "dout": torch.randn(5, 4, dtype=torch.float64, generator=g)}
    one["x"][0, 0] = -1.0  # a single wrong element
    assert where_wrong(case, "x", [one]) is None
