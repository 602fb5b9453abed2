"""Backward rule of the sigmoid in early Flux.jl (src/activation.jl, back!(::typeof(σ), Δ, x)).

Source: https://github.com/FluxML/Flux.jl/pull/38 ("Fix activation functions": "Your activation
function backprops were oh so close"; MikeInnes: "Well, there's a rookie mistake if there ever was
one."). The rule read `back!(::typeof(σ), Δ, x) = Δ .* σ(x)./(1.-σ(x))`, dividing by 1 - σ(x) where
σ'(x) = σ(x) (1 - σ(x)) multiplies; the corrected line is `Δ .* σ(x).*(1.-σ(x))`. The Julia broadcast
expression is translated to numpy. Loss: sum(Δ .* σ(x)); x, Δ (4, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, Δ):
    return (Δ * torch.sigmoid(x)).sum()


def σ(x):
    return 1 / (1 + np.exp(-x))


def back(Δ, x):
    return Δ * σ(x) / (1 - σ(x))  # <- wrong


def back_fixed(Δ, x):
    return Δ * σ(x) * (1 - σ(x))


def grad(x, Δ):
    return back(Δ, x)


def grad_fixed(x, Δ):
    return back_fixed(Δ, x)


SPEC = dict(wrt="x", shapes={"x": (4, 3), "Δ": (4, 3)})
case = derivation(loss, grad, **SPEC, name="y_fluxsigmoid_01")
CAUSE = "wrong-operand"
FIX = "Multiply by 1 - σ(x) instead of dividing: Δ .* σ(x) .* (1 - σ(x))."
