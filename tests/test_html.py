"""The HTML report: one self-contained page, checked as HTML and rendered in chromium."""

from __future__ import annotations

import html.parser
import shutil
import subprocess

import pytest

from derivations import REGISTRY
from verify import Report, derivation, verify
from verify.html import html_page, write_html


def loss(x, W, b, dout):
    return (dout * (x @ W + b)).sum()


def transposed(x, W, b, dout):
    return dout @ W.T, (x.T @ dout).T.reshape(W.shape), dout.sum(0)


AFFINE = derivation(loss, transposed, wrt=("x", "W", "b"),
                    shapes={"x": (4, 3), "W": (3, 5), "b": (5,), "dout": (4, 5)}, name="affine")


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        self.links += [v for k, v in attrs if k in ("src", "href") and v]


@pytest.fixture(scope="module")
def page() -> str:
    report = Report((verify(AFFINE, trials=40), verify(REGISTRY["shopping_apples"])))
    return html_page(report, {"affine": AFFINE, "shopping_apples": REGISTRY["shopping_apples"]})


def test_the_page_holds_table_failure_heat_map_graph_and_lines(page) -> None:
    parser = _Tags()
    parser.feed(page)
    assert parser.links == [] and "script" not in parser.tags  # self-contained, static
    assert "2 checks: 1 verified, 1 failed, 0 errors, 0 inconclusive" in page
    assert "<td>shopping_apples</td><td>tax</td><td>exact</td>" in page
    assert "affine: dW does not match autograd (float64, 40 trials, seed 0)" in page
    assert "Where dW is wrong: |derived - autograd| per element, shape (3, 5)" in page
    heat = page[page.index('<table class="heat">'):]
    assert heat[:heat.index("</table>")].count("<tr>") == 3  # dW is (3, 5): 3 rows
    assert '<ul class="graph">' in page and "x @ W + b" in page
    wrong = page[page.index('<tr class="wrong">'):]
    assert "(x.T @ dout).T.reshape(W.shape)" in wrong[:wrong.index("</tr>")]


def test_a_verified_run_has_no_failure_sections() -> None:
    page = html_page(Report((verify(REGISTRY["add_layer"], trials=20),)))
    assert "verified" in page and "<h2" not in page and 'class="heat"' not in page


@pytest.mark.skipif(shutil.which("chromium") is None, reason="no headless chromium here")
def test_chromium_renders_the_page(page, tmp_path) -> None:
    path = tmp_path / "report.html"
    write_html(page, str(path))
    dom = subprocess.run(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                          "--dump-dom", path.as_uri()], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert 'class="heat"' in dom and "affine (float64)" in dom
    shot = tmp_path / "report.png"
    subprocess.run(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--window-size=1000,1400", f"--screenshot={shot}", path.as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
