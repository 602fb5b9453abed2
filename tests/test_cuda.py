"""The same vectorised checks on a CUDA device: the CPU's inputs bit for bit, every built-in
verifies, with CPU's verdicts."""

import dataclasses

import pytest
import torch

import verify.engine as engine
from derivations import REGISTRY
from derivations.mlp import TWO_LAYER
from verify import verify
from verify.sample import PIECE_ELEMENTS, sample_trials, trial_elements

pytestmark = [pytest.mark.cuda,
              pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")]

DTYPES = ("float64", "float32")


def _halved(**inputs):
    grads = dict(TWO_LAYER.gradient(**inputs))
    grads["dE/dW_ij"] = grads["dE/dW_ij"] / 2
    return grads


HALVED = dataclasses.replace(TWO_LAYER, name="halved", gradient=_halved)


def _outcome(report):
    return report.verdict, [(s.step, s.verdict, s.evidential, s.failed_trials,
                             getattr(s.diagnosis, "kind", None)) for s in report.steps]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_builtin_verifies_on_cuda(name, dtype):
    report = verify(REGISTRY[name], trials=2000, dtype=dtype, device="cuda")
    assert report.verdict == "verified", report.explain_failure()
    assert report.mode == "vectorised"
    assert report.device.startswith("cuda")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("derivation", [*REGISTRY.values(), HALVED], ids=lambda d: d.name)
def test_cuda_gives_the_cpu_verdicts_for_the_same_seed(derivation, dtype):
    cpu = verify(derivation, trials=2000, seed=7, dtype=dtype, device="cpu")
    cuda = verify(derivation, trials=2000, seed=7, dtype=dtype, device="cuda")
    assert _outcome(cuda) == _outcome(cpu)


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
@pytest.mark.parametrize("name", ["mlp_two_layer", "softmax_with_loss_labels",
                                  "softmax_with_loss"])
def test_cuda_draws_the_cpu_inputs_bit_for_bit(name, dtype):
    derivation = REGISTRY[name]
    many = PIECE_ELEMENTS["cuda"] // trial_elements(derivation) + 1000  # more than one piece
    for start, stop, scale in ((0, many, 1.0), (10 ** 9, 10 ** 9 + 77, 8.0),
                               (5, 700, 0.125)):
        cpu = sample_trials(derivation, start, stop, 7, dtype=dtype, device="cpu", scale=scale)
        cuda = sample_trials(derivation, start, stop, 7, dtype=dtype, device="cuda",
                             scale=scale)
        for n, value in cpu.items():
            assert cuda[n].device.type == "cuda" and cuda[n].dtype == value.dtype
            assert torch.equal(cuda[n].cpu(), value), (n, start)


def test_a_wrong_step_is_caught_on_cuda():
    report = verify(HALVED, trials=2000, device="cuda")
    assert report.first_wrong_step.step == "dE/dW_ij"
    assert report.first_wrong_step.diagnosis.kind == "factor"


def test_chunks_on_cuda_give_the_one_chunk_report(monkeypatch):
    derivation = dataclasses.replace(TWO_LAYER, sizes={"I": 3, "J": 2, "K": 2})
    whole = verify(derivation, trials=10_000, seed=3, dtype="float32", device="cuda")
    monkeypatch.setattr(engine, "CHUNK_ELEMENTS", 1)
    chunked = verify(derivation, trials=10_000, seed=3, dtype="float32", device="cuda")
    assert chunked.to_dict() == whole.to_dict()
