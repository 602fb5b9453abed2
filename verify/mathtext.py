"""Plain-text formulas (``delta_k = sigma'(x_k) sum_j W_jk``) as Unicode or HTML math.

The derivations write their formulas in ASCII, as a source file should. For a reader they
are shown as math: ``unicode_math`` gives ``δₖ = σ′(xₖ) Σⱼ Wⱼₖ`` for a terminal,
``html_math`` the same with ``<sub>``/``<sup>`` for a notebook. A subscript is one or two
letters or digits after ``_`` and a symbol of three letters at most or a Greek letter's
name (so ``apple_count`` and ``grad_ok`` stay names); a superscript is
``^T``, ``^2`` or ``^(l)``; ``d<y>/d<x>`` is a partial derivative; ``.*`` the
element-wise product; a prime before ``(`` is a derivative (``g'(z)``), elsewhere an
apostrophe. Where Unicode has no sub- or superscript for a character, the ASCII
form is kept.

    >>> unicode_math("dE/dW_jk = O_j delta_k")
    '∂E/∂Wⱼₖ = Oⱼ δₖ'
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

__all__ = ["html_math", "unicode_math"]

GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ",
         "epsilon": "ε", "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "sigma": "σ",
         "Sigma": "Σ", "tau": "τ", "phi": "φ", "omega": "ω"}
SYMBOLS = {".*": "⊙", "->": "→", "<=": "≤", ">=": "≥", "sum": "Σ"}
_SUBSCRIPT = dict(zip("0123456789+-aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ",
                      strict=True))
_SUPERSCRIPT = dict(zip("0123456789+-()abcdefghijklmnoprstuvwxyzLT",
                        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴸᵀ", strict=True))

_TOKEN = re.compile(r"""
    (?P<partial>(?<![\w)])d(?P<of>[A-Za-z]\w*(?:\^\([^()]{1,3}\))?)/d(?=[A-Za-z(]))
  | (?P<greek>(?<![A-Za-z])(?:""" + "|".join(GREEK) + r""")(?![A-Za-z]))
  | (?P<sum>(?<![A-Za-z])sum(?=_))
  | _(?P<sub>[A-Za-z0-9]{1,2})(?![A-Za-z0-9])
  | \^(?:\((?P<group>[^()]{1,3})\)|(?P<sup>[A-Za-z0-9]))(?P<suptranspose>T(?![A-Za-z0-9]))?
  | (?<=[)\]])(?P<transpose>T)(?![A-Za-z0-9])
  | (?<=\w)(?P<prime>')(?=\()
  | (?P<symbol>\.\*|->|<=|>=)
""", re.VERBOSE)


def unicode_math(text: str) -> str:
    """``text`` with Greek letters, sub- and superscripts, primes, ∂ and ⊙ in Unicode."""
    return _render(text, _unicode_token, str)


def html_math(text: str) -> str:
    """``text`` as HTML: escaped, with Greek letters, ``<sub>``, ``<sup>``, ∂ and ⊙."""
    return _render(text, _html_token, html.escape)


def _render(text: str, token: Callable[[re.Match[str]], str], plain: Callable[[str], str]
            ) -> str:
    out, end = [], 0
    for match in _TOKEN.finditer(text):
        out += [plain(text[end:match.start()]), token(match)]
        end = match.end()
    out.append(plain(text[end:]))
    return "".join(out)


def _symbol_before(match: re.Match[str]) -> bool:
    """Is what a ``_`` subscripts a symbol (``W``, ``dE``, ``net``, ``delta``), not a word
    of a name in code (``grad_ok``, ``loss_fn``)?"""
    stem = re.search(r"[A-Za-z0-9]*$", match.string[:match.start()])
    word = stem.group() if stem else ""
    return len(word) <= 3 or word in GREEK


def _unicode_token(match: re.Match[str]) -> str:
    kind, value = match.lastgroup, match.group(match.lastgroup or 0)
    if match["partial"]:
        return f"∂{unicode_math(match['of'])}/∂"
    if match["sub"] and not _symbol_before(match):
        return match.group(0)
    if match["sub"]:
        return _mapped(match["sub"], _SUBSCRIPT, "_")
    if match["group"] or match["sup"]:
        base = f"({match['group']})" if match["group"] else match["sup"]
        return _mapped(base, _SUPERSCRIPT, "^") + ("ᵀ" if match["suptranspose"] else "")
    if kind == "greek":
        return GREEK[value]
    if kind == "transpose":
        return "ᵀ"
    if kind == "prime":
        return "′"
    return SYMBOLS[value]


def _html_token(match: re.Match[str]) -> str:
    kind, value = match.lastgroup, match.group(match.lastgroup or 0)
    if match["partial"]:
        return f"∂{html_math(match['of'])}/∂"
    if match["sub"] and not _symbol_before(match):
        return html.escape(match.group(0))
    if match["sub"]:
        return f"<sub>{html.escape(match['sub'])}</sub>"
    if match["group"] or match["sup"]:
        base = f"({match['group']})" if match["group"] else match["sup"]
        transpose = "T" if match["suptranspose"] else ""
        return f"<sup>{html.escape(base)}{transpose}</sup>"
    if kind == "greek":
        return GREEK[value]
    if kind == "transpose":
        return "<sup>T</sup>"
    if kind == "prime":
        return "′"
    return html.escape(SYMBOLS[value])


def _mapped(text: str, table: dict[str, str], marker: str) -> str:
    """``text`` in the sub- or superscript alphabet, or as typed where one is missing."""
    if all(c in table for c in text):
        return "".join(table[c] for c in text)
    return marker + text
