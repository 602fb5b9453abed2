"""In a notebook: reports, explanations and the self-check render as HTML; a report's repr
is one short line; formulas are math."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

import pytest
from rich.console import Console

from derivations import REGISTRY
from verify import verify
from verify.explain import explain
from verify.mathtext import html_math, unicode_math
from verify.report import Report
from verify.selfcheck import MutantResult, SelfCheck


class _Balanced(HTMLParser):
    """Collects the text and checks that every tag opened is closed."""

    VOID = frozenset({"br"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def text_of(html: str) -> str:
    parser = _Balanced()
    parser.feed(html)
    assert parser.open == []
    return "".join(parser.text)


@pytest.fixture(scope="module")
def failing() -> Report:
    right = REGISTRY["mlp_two_layer"]

    def halved(**inputs):
        return {k: v / 2 for k, v in right.gradient(**inputs).items()}

    wrong = dataclasses.replace(right, gradient=halved)
    return Report((verify(REGISTRY["chain_rule"], trials=20),
                   verify(wrong, trials=20, shrink=False)))


def test_a_report_repr_is_one_short_line(failing: Report) -> None:
    assert repr(failing) == ("<Report 2 checks: 1 verified, 1 failed, 0 errors, 0 inconclusive; "
                             "first: mlp_two_layer (float64): failed at dE/dO_k (square-factor)>")
    assert repr(failing.results[1]) == ("<DerivationReport mlp_two_layer (float64): failed at "
                                        "dE/dO_k (square-factor), 20 trials, seed 0>")
    assert repr(failing.results[0]) == ("<DerivationReport chain_rule (float64): verified, "
                                        "20 trials, seed 0>")
    assert len(repr(failing.results[1].steps[0])) < 100


def test_a_report_renders_as_html_with_its_failure_whole(failing: Report) -> None:
    html = failing._repr_html_()
    text = text_of(html)
    assert '<span class="failed">failed</span>' in html
    assert "W<sub>jk</sub>" in html
    assert failing.results[1].explain_failure() in text
    assert failing.summary() in text


def test_a_report_renders_itself_with_rich(failing: Report) -> None:
    console = Console(width=100, record=True)
    console.print(failing)
    shown = console.export_text()
    assert "derived gradients vs torch.autograd (20 trials, cpu)" in shown
    assert "mlp_two_layer: dE/dO_k does not match autograd" in shown


def test_an_explanation_renders_as_html_with_math() -> None:
    html = explain(REGISTRY["mlp_two_layer"], trials=10)._repr_html_()
    text = text_of(html)
    assert "δ<sub>k</sub> = (O<sub>k</sub> - t<sub>k</sub>) O<sub>k</sub> (1 - O<sub>k</sub>)" \
        in html
    assert "σ′(x<sub>k</sub>)" in html
    assert "Verification against torch.autograd" in text
    assert "mlp_two_layer: every step verified (float64, 10 trials, seed 0)" in text


def test_a_graph_explanation_shows_its_graph() -> None:
    text = text_of(explain(REGISTRY["shopping_apples"], trials=5)._repr_html_())
    assert "The graph, output first" in text
    assert "price [*] forward 220" in text


def test_the_self_check_renders_as_html() -> None:
    mutants = (MutantResult("sign", "perceptron_single", "float64", 0, "failed", "sign",
                            ("sign",)),
               MutantResult("sign", "perceptron_multi", "float64", 0, "verified", None,
                            ("sign",)))
    text = text_of(SelfCheck(mutants, ())._repr_html_())
    assert "sign" in text and "1/2" in text
    assert "kill rate float64: 50% (1 of 2 mutants)" in text


@pytest.mark.parametrize(("ascii_text", "math"), [
    ("dE/dW_jk = O_j delta_k", "∂E/∂Wⱼₖ = Oⱼ δₖ"),
    ("delta^(l) = (W^(l)T delta^(l+1)) .* g'(z^(l))", "δ⁽ˡ⁾ = (W⁽ˡ⁾ᵀ δ⁽ˡ⁺¹⁾) ⊙ g′(z⁽ˡ⁾)"),
    ("1/m delta^(2) [1; a^(1)]T", "1/m δ⁽²⁾ [1; a⁽¹⁾]ᵀ"),
    ("dx = dout W^T, db = sum_0 dout", "dx = dout Wᵀ, db = Σ₀ dout"),
    ("i -> j, the note's code, apple_count", "i → j, the note's code, apple_count"),
    ("t_nc", "t_nc"),  # no subscript c in Unicode: left as written
    ("grad_ok against autograd of loss", "grad_ok against autograd of loss"),  # a name
    ("net_j = sum_i w_ij x_i", "netⱼ = Σᵢ wᵢⱼ xᵢ"),
])
def test_formulas_in_unicode(ascii_text: str, math: str) -> None:
    assert unicode_math(ascii_text) == math


def test_formulas_in_html_are_escaped() -> None:
    assert html_math("sigma'(x_k) < 1 & W^T") == "σ′(x<sub>k</sub>) &lt; 1 &amp; W<sup>T</sup>"
