"""The two kinds of error: a derivation that does not match, and a verifier that is misused."""

from __future__ import annotations

__all__ = ["DerivationError", "GradientMismatch", "UsageError"]


class GradientMismatch(AssertionError):
    """A derivation's gradient does not match autograd (a failed check, not a crash)."""


class UsageError(ValueError):
    """The verifier was called wrongly: an unknown name, a bad option, an impossible device."""


class DerivationError(RuntimeError):
    """A derivation could not be run: its loss or closed form raised or returned nonsense."""
