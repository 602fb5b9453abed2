"""Activation functions as (g, g') pairs, g' written with the layer's output a = g(z).

The delta recursion of an L-layer network needs only g'(z^(l)), and for these activations
the textbook writes it with the output a^(l) the forward pass already holds:

    sigmoid   g(z) = 1 / (1 + exp(-z))      g'(z) = a (1 - a)
    tanh      g(z) = tanh(z)                g'(z) = 1 - a^2
    ReLU      g(z) = max(0, z)              g'(z) = 1 if a > 0 else 0

Each pair also carries torch's own version of g, which the losses use: autograd then
differentiates torch's function, not the formula being checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import Tensor

from derivations.perceptron import sigmoid, sigmoid_derivative

__all__ = ["ACTIVATIONS", "Activation", "relu", "relu_derivative", "tanh", "tanh_derivative"]


def tanh(z: Tensor) -> Tensor:
    """g(z) = tanh(z) = (exp(z) - exp(-z)) / (exp(z) + exp(-z))."""
    return torch.tanh(z)


def tanh_derivative(a: Tensor) -> Tensor:
    """g'(z) = 1 - a^2, written with the output a = tanh(z)."""
    return 1 - a * a


def relu(z: Tensor) -> Tensor:
    """g(z) = max(0, z)."""
    return torch.clamp_min(z, 0)


def relu_derivative(a: Tensor) -> Tensor:
    """g'(z) = 1 where a > 0, else 0, written with the output a = max(0, z)."""
    return (a > 0).to(a.dtype)


@dataclass(frozen=True)
class Activation:
    """One activation: ``g`` and ``derivative`` (g' of the output a) are the formulas;
    ``torch_g`` is torch's own g, for the loss that autograd differentiates."""

    name: str
    g: Callable[[Tensor], Tensor]
    derivative: Callable[[Tensor], Tensor]
    torch_g: Callable[[Tensor], Tensor]
    formula: str


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", sigmoid, sigmoid_derivative, torch.sigmoid, "g'(z) = a (1 - a)"),
        Activation("tanh", tanh, tanh_derivative, torch.nn.functional.tanh, "g'(z) = 1 - a^2"),
        Activation("relu", relu, relu_derivative, torch.relu, "g'(z) = 1[a > 0]"),
    )
}
