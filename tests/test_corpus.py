"""Every derivation of the corpus (``tests/corpus/``) is verified in every dtype.

The corpus holds correct backward passes written the way people write them: numpy layer
classes, loops over the batch, float64 buffers, a scalar autograd engine, custom autograd
Functions, in-place masks. A verdict other than "verified" on any of them is a false alarm.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from derivations.core import Derivation
from verify import verify
from verify.userfile import find_derivations

CORPUS = Path(__file__).parent / "corpus"
DTYPES = ("float64", "float32", "float16", "bfloat16")
SEEDS = (0,)
TRIALS = 200


def corpus() -> list[tuple[str, Derivation]]:
    """(``module:name``, Derivation) for every module-level Derivation of the corpus."""
    found = []
    for path in sorted(CORPUS.glob("*.py")):
        if path.name == "__init__.py":
            continue
        for name, d in find_derivations(str(path)):
            found.append((f"{path.stem}:{name}", dataclasses.replace(d, name=name)))
    return found


DERIVATIONS = corpus()


def test_the_corpus_has_at_least_30_derivations() -> None:
    assert len(DERIVATIONS) >= 30, [name for name, _ in DERIVATIONS]


#: False alarms known and not yet mended, each with why: the test fails (strict) the day one
#: of them verifies, so that it leaves this list.
KNOWN_FALSE_ALARMS: dict[str, str] = {}


def _marked(name: str, d: Derivation) -> object:
    reason = KNOWN_FALSE_ALARMS.get(name)
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(d, id=name, marks=marks)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("derivation", [_marked(name, d) for name, d in DERIVATIONS])
def test_corpus_derivation_is_verified(derivation: Derivation, dtype: str, seed: int) -> None:
    # no search for the smallest failing sizes: the verdict is what is tested, and the
    # message's re-run command reproduces a failure
    report = verify(derivation, trials=TRIALS, seed=seed, dtype=dtype, shrink=False)
    assert report.verdict == "verified", report.explain_failure()
