"""The JSON documents match the schema shipped in the package, strictly."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any

import pytest

from derivations import REGISTRY
from verify.jsonreport import SCHEMA_VERSION, schema

TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def errors(value: Any, rule: dict[str, Any], root: dict[str, Any], at: str = "$") -> list[str]:
    """Where ``value`` breaks ``rule``: the subset of JSON Schema the schema file uses."""
    if "$ref" in rule:
        return errors(value, root["$defs"][rule["$ref"].rpartition("/")[2]], root, at)
    if "oneOf" in rule:
        matching = [r for r in rule["oneOf"] if not errors(value, r, root, at)]
        return [] if len(matching) == 1 else [f"{at}: matches {len(matching)} of oneOf"]
    if "const" in rule and value != rule["const"]:
        return [f"{at}: {value!r} is not {rule['const']!r}"]
    if "enum" in rule and value not in rule["enum"]:
        return [f"{at}: {value!r} not in {rule['enum']}"]
    if "type" in rule:
        kinds = rule["type"] if isinstance(rule["type"], list) else [rule["type"]]
        if not any(_is(value, kind) for kind in kinds):
            return [f"{at}: {value!r} is not {rule['type']}"]
    found = []
    if isinstance(value, (int, float)) and "minimum" in rule and value < rule["minimum"]:
        found.append(f"{at}: {value} < {rule['minimum']}")
    if isinstance(value, dict):
        found += [f"{at}: no {key!r}" for key in rule.get("required", []) if key not in value]
        for key, item in value.items():
            inner = rule.get("properties", {}).get(key, rule.get("additionalProperties", True))
            if inner is False:
                found.append(f"{at}: unexpected {key!r}")
            elif isinstance(inner, dict):
                found += errors(item, inner, root, f"{at}.{key}")
    if isinstance(value, list) and "items" in rule:
        for index, item in enumerate(value):
            found += errors(item, rule["items"], root, f"{at}[{index}]")
    return found


def _is(value: Any, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and \
            math.isfinite(value)
    return isinstance(value, TYPES[kind])


def valid(document: Any) -> list[str]:
    shipped = schema()
    return errors(document, shipped, shipped)


def only_json_types(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and only_json_types(v) for k, v in value.items())
    if isinstance(value, list):
        return all(only_json_types(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


#: A second derivation for the same file: its gradient ends the process.
EXITS = '''

def grad_exits(w, x, t):
    raise SystemExit(0)


exits = derivation(loss, grad_exits, wrt="w", shapes={"w": (1, 4), "x": (1, 4), "t": (1, 1)})
'''


@pytest.fixture(scope="module")
def failing_check(tmp_path_factory: pytest.TempPathFactory,
                  wrong_sign_source: str) -> dict[str, Any]:
    """``check`` of a file with a sign flip and a gradient that exits, as JSON."""
    import os

    import cli
    folder = tmp_path_factory.mktemp("json")
    (folder / "wrong.py").write_text(wrong_sign_source + EXITS)
    here = os.getcwd()
    os.chdir(folder)
    try:
        code = cli.main(["check", "wrong.py", "--trials", "20", "--dtype", "float64,float32",
                         "--json", "report.json", "-q"])
    finally:
        os.chdir(here)
    assert code == 1
    return json.loads((folder / "report.json").read_text())


def test_the_validator_rejects_what_the_schema_forbids(failing_check) -> None:
    assert valid(failing_check) == []
    extra = {**failing_check, "rerun_with": "x"}
    assert valid(extra) == ["$: matches 0 of oneOf"]
    report = schema()["$defs"]["report"]
    assert errors(extra, report, schema()) == ["$: unexpected 'rerun_with'"]
    missing = {k: v for k, v in failing_check.items() if k != "duration_s"}
    assert errors(missing, report, schema()) == ["$: no 'duration_s'"]
    wrong = {**failing_check, "counts": {**failing_check["counts"], "failed": "1"}}
    assert errors(wrong, report, schema()) == ["$.counts.failed: '1' is not integer"]


def test_a_failed_check_holds_steps_diagnosis_line_and_counterexample(failing_check) -> None:
    import torch
    data = failing_check
    assert data["schema_version"] == SCHEMA_VERSION == 1
    assert data["tool"]["name"] == "verify-grads"
    assert data["versions"]["torch"] == torch.__version__
    assert data["duration_s"] >= 0 and data["started"].endswith("+00:00")
    assert data["settings"] == {"command": "check", "targets": ["wrong.py"],
                                "dtypes": ["float64", "float32"], "device": "cpu",
                                "trials": 20, "seed": 0, "sizes": None, "numeric": False,
                                "rtol": None, "atol": None, "timeout": 300.0}
    sign = data["results"][0]
    assert (sign["name"], sign["verdict"], sign["ok"]) == ("perceptron", "failed", False)
    assert sign["steps"][0]["diagnosis"]["kind"] == "sign"
    assert sign["first_wrong_line"] == {
        "file": "wrong.py", "line": 14, "code": "return 2 * (t - o) * o * (1 - o) * x",
        "says": "computes -1 x dL/dw, the gradient of the loss with respect to w"}
    assert sign["counterexample"]["command"] == ("verify-grads check wrong.py:perceptron "
                                                 "--seed 0 --trials 1 --dtype float64 "
                                                 "--device cpu")
    assert sign["message"].startswith("perceptron: dw does not match autograd")
    worst = sign["steps"][0]["worst"]
    assert worst["derived"] == pytest.approx(-worst["autograd"])
    exits = data["results"][2]
    assert (exits["name"], exits["verdict"]) == ("exits", "error")
    assert "called sys.exit(0)" in exits["error"]


def test_precision_and_finite_differences_match_the_schema(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    result = run_cli("perceptron_multi", "--trials", "20", "--numeric", "--json", str(path))
    assert result.code == 0, result.err
    data = json.loads(path.read_text())
    assert valid(data) == []
    step = data["results"][1]["steps"][-1]
    assert step["precision"]["dtype"] == "float32"
    assert step["finite_differences"]["trials"] > 0


def test_list_json_matches_the_schema(run_cli) -> None:
    data = json.loads(run_cli("list", "--json").out)
    assert valid(data) == []


def test_reports_hold_only_json_types() -> None:
    from verify import verify
    right = REGISTRY["mlp_two_layer"]

    def halved(**inputs):
        return {k: v / 2 for k, v in right.gradient(**inputs).items()}

    report = verify(dataclasses.replace(right, gradient=halved), trials=20)
    assert report.verdict == "failed"
    assert only_json_types(report.to_dict())


def test_the_schema_ships_inside_the_package() -> None:
    text = (Path(__file__).parents[1] / "pyproject.toml").read_text()
    section = text.split("[tool.setuptools.package-data]")[1].split("\n[")[0]
    shipped = json.loads(section.split("verify =")[1].splitlines()[0])
    assert any(Path("report.schema.json").match(pattern) for pattern in shipped)
    assert schema()["$defs"]["report"]["properties"]["schema_version"] == {"const": 1}
