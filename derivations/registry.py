"""Every built-in derivation, by name, in the order the notes teach them."""

from __future__ import annotations

from derivations import mlp, perceptron
from derivations.core import Derivation

__all__ = ["REGISTRY"]

REGISTRY: dict[str, Derivation] = {
    d.name: d
    for d in (
        perceptron.SINGLE_OUTPUT,
        perceptron.MULTI_OUTPUT,
        perceptron.MSE_LOSS_CONVENTION,
        perceptron.MATRIX_FORM,
        mlp.TWO_LAYER,
    )
}
