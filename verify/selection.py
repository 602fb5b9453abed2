"""Which built-in derivations a command line names: by name, by family, or by glob.

    >>> [d.name for d in select(["mlp_deep_*"])][:2]
    ['mlp_deep_sigmoid', 'mlp_deep_bias_unit']
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Iterable, Mapping

from derivations.core import Derivation
from verify.errors import UsageError

__all__ = ["family_of", "select"]


def family_of(derivation: Derivation) -> str:
    """The module a derivation's closed form is written in (``derivations/mlp.py``: "mlp");
    a derivation made elsewhere is its own family, "user"."""
    module = getattr(derivation.gradient, "__module__", "") or ""
    package, _, family = module.rpartition(".")
    return family if package == "derivations" else "user"


def select(patterns: Iterable[str], registry: Mapping[str, Derivation] | None = None
           ) -> list[Derivation]:
    """The derivations of ``registry`` (default: the built-ins) that ``patterns`` name, each
    once, in the order named (a family's or a glob's in registry order); every derivation
    when no pattern is given.

    A pattern is a name (``mlp_two_layer``), a family (``mlp``, ``perceptron``, ``layers``)
    or a glob (``'mlp_*'``, ``'*softmax*'``).

    Raises:
        UsageError: a pattern that selects nothing, with the closest name.
    """
    if registry is None:
        from derivations import REGISTRY
        registry = REGISTRY
    patterns = list(patterns)
    if not patterns:
        return list(registry.values())
    chosen: dict[str, Derivation] = {}
    for pattern in patterns:
        found = _matching(pattern, registry)
        if not found:
            raise UsageError(_nothing_named(pattern, registry))
        chosen.update((name, registry[name]) for name in found)
    return list(chosen.values())


def _matching(pattern: str, registry: Mapping[str, Derivation]) -> list[str]:
    if pattern in registry:
        return [pattern]
    family = [name for name, d in registry.items() if family_of(d) == pattern]
    return family or fnmatch.filter(registry, pattern)


def _nothing_named(pattern: str, registry: Mapping[str, Derivation]) -> str:
    families = sorted({family_of(d) for d in registry.values()})
    if any(c in pattern for c in "*?["):
        return (f"no derivation matches {pattern!r}; 'verify-grads list' shows all "
                f"{len(registry)}")
    close = difflib.get_close_matches(pattern, [*registry, *families], n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return (f"unknown derivation {pattern!r}; {hint}'verify-grads list' shows all "
            f"{len(registry)} (families: {', '.join(families)})")
