"""Chunks of trials: memory stays bounded and the report does not depend on the chunk size."""

import dataclasses

import pytest

import verify.engine as engine
from derivations import REGISTRY
from derivations.mlp import TWO_LAYER
from verify import verify
from verify.engine import chunk_trials
from verify.sample import BLOCK_ELEMENTS, block_trials, trial_elements

SMALL_MLP = dataclasses.replace(TWO_LAYER, sizes={"I": 3, "J": 2, "K": 2})  # 17 elements/trial


def _halved(**inputs):
    grads = dict(TWO_LAYER.gradient(**inputs))
    grads["dE/dW_jk"] = grads["dE/dW_jk"] / 2
    return grads


HALVED = dataclasses.replace(SMALL_MLP, name="halved", gradient=_halved)


@pytest.mark.parametrize(("derivation", "dtype"), [
    (SMALL_MLP, "float64"), (SMALL_MLP, "float32"), (SMALL_MLP, "bfloat16"),
    (HALVED, "float64"), (HALVED, "float32"), (REGISTRY["perceptron_matrix"], "float32")])
def test_small_chunks_give_the_same_report(monkeypatch, derivation, dtype):
    trials = 3 * block_trials(derivation) + 11
    whole = verify(derivation, trials=trials, seed=5, dtype=dtype)
    monkeypatch.setattr(engine, "CHUNK_ELEMENTS", 1)
    seen = []
    chunked = verify(derivation, trials=trials, seed=5, dtype=dtype, progress=seen.append)
    assert len(seen) == 4  # one chunk per sampling block
    assert chunked.to_dict() == whole.to_dict()


def test_the_halved_step_is_still_caught_in_chunks(monkeypatch):
    monkeypatch.setattr(engine, "CHUNK_ELEMENTS", 1)
    report = verify(HALVED, trials=3000)
    assert report.first_wrong_step.step == "dE/dW_jk"
    assert report.first_wrong_step.diagnosis.kind == "factor"


@pytest.mark.parametrize("sizes", [{"I": 3, "J": 2, "K": 2}, {"I": 40, "J": 30, "K": 3},
                                   {"I": 400, "J": 300, "K": 3}])
def test_chunks_hold_whole_blocks_within_the_memory_budget(sizes):
    derivation = dataclasses.replace(TWO_LAYER, sizes=sizes)
    block, elements = block_trials(derivation), trial_elements(derivation)
    for trials in (1, 999, 10 ** 6, 10 ** 9):
        chunk = chunk_trials(derivation, trials, derivation.sizes)
        assert 1 <= chunk <= trials
        assert chunk == trials or chunk % block == 0
        held = chunk * elements * engine._INTERMEDIATES_MARGIN
        assert held <= max(engine.CHUNK_ELEMENTS, block * elements * engine._INTERMEDIATES_MARGIN)
        assert block * elements <= max(BLOCK_ELEMENTS, elements)


def test_a_million_trials_are_cut_into_bounded_chunks():
    chunk = chunk_trials(TWO_LAYER, 10 ** 6, TWO_LAYER.sizes)
    assert chunk < 10 ** 6
    assert chunk * trial_elements(TWO_LAYER) * engine._INTERMEDIATES_MARGIN <= engine.CHUNK_ELEMENTS


def test_progress_counts_up_to_the_trials(monkeypatch):
    monkeypatch.setattr(engine, "CHUNK_ELEMENTS", 1)
    trials = 2 * block_trials(SMALL_MLP) + 1
    seen = []
    verify(SMALL_MLP, trials=trials, progress=seen.append)
    assert seen == sorted(set(seen))
    assert seen[-1] == trials and len(seen) == 3


def test_chunks_are_sized_from_the_measured_memory_of_a_trial(monkeypatch) -> None:
    """A loss with n^2 intermediates over n inputs: its chunks fit the budget although its
    inputs alone would fit thousands of trials."""
    import torch

    from verify import check

    def loss(x):
        return torch.tanh(x[:, None] * x[None, :]).sum()

    def grad(x):
        d = 1 - torch.tanh(x[:, None] * x[None, :]) ** 2
        return (d * x[None, :]).sum(1) + (d * x[:, None]).sum(0)

    sizes = []
    original = engine.measured_chunk

    def spy(*args, **kwargs):
        sizes.append(original(*args, **kwargs))
        return sizes[-1]

    monkeypatch.setattr(engine, "measured_chunk", spy)
    monkeypatch.setattr(engine, "budget_bytes", lambda device: 8 << 20)
    report = check(loss, grad, wrt="x", shapes={"x": (60,)}, trials=300)
    assert report.verdict == "verified"
    assert sizes and sizes[0] < 300           # 300 trials of 60 x 60 intermediates: > 8 MB


class _HostReads:
    """Counts the reads of a tensor's value by the host (``.item()``, ``float(t)``,
    ``int(t)``, ``bool(t)``) while it is entered."""

    READS = ("_local_scalar_dense", "is_nonzero", "item")

    def __init__(self) -> None:
        from torch.utils._python_dispatch import TorchDispatchMode

        reads = self

        class Mode(TorchDispatchMode):
            def __torch_dispatch__(self, func, types, args=(), kwargs=None):
                if func.overloadpacket.__name__ in reads.READS:
                    reads.count += 1
                return func(*args, **(kwargs or {}))

        self.count = 0
        self._mode = Mode()

    def __enter__(self) -> "_HostReads":
        self._mode.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._mode.__exit__(*exc)


def test_a_passing_check_reads_back_as_often_in_2_chunks_as_in_8(monkeypatch):
    """Tallies are reduced where the trials are and read back once per check, not once per
    chunk: the host reads of a passing verify() do not grow with its chunks."""
    monkeypatch.setattr(engine, "CHUNK_ELEMENTS", 1)  # one sampling block per chunk
    block = block_trials(SMALL_MLP)
    counts = {}
    for blocks in (2, 8):
        seen = []
        with _HostReads() as reads:
            report = verify(SMALL_MLP, trials=blocks * block, dtype="float32",
                            progress=seen.append)
        assert report.verdict == "verified" and len(seen) == blocks
        counts[blocks] = reads.count
    assert counts[8] == counts[2], counts
