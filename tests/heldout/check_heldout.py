"""Check a held-out corpus of typical gradient mistakes (a plain script, not a pytest test).

For every <letter>_*.py of tests/heldout/ (or of the folder given with --folder):
  * verify(module.case, trials=200) must say "failed";
  * the same loss with grad_fixed must be "verified" in float64 and in float32;
  * grad and grad_fixed (and any helper f / f_fixed, class X / XFixed(X) overrides) must
    differ in exactly one line, the one that carries the marker "# <- wrong";
  * the marked line must start a statement (not a continuation line);
  * CAUSE must be one of the 15 labels, FIX one sentence, the case named after the file.

Run: .venv/bin/python tests/heldout/check_heldout.py [--folder tests/heldout2] [NAME ...]
"""

import ast
import collections
import importlib
import importlib.util
import pathlib
import re
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from verify import derivation, verify  # noqa: E402

MARKER = "# <- wrong"
CAUSES = (
    "square-factor", "sign", "batch-mean", "wrong-divisor", "mse-convention", "transpose",
    "activation-derivative-missing", "activation-derivative-of-input", "wrong-layer",
    "reduction-axis", "mask", "missing-term", "wrong-coefficient", "wrong-operand",
    "return-order",
)
TRIALS = 200


def _body_lines(source_lines, node):
    """The lines of a def after its signature (decorators and def line excluded)."""
    first = node.body[0].lineno
    if (isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
            and isinstance(node.body[0].value.value, str)):
        first = node.body[0].end_lineno + 1  # skip a docstring
    return source_lines[first - 1:node.end_lineno]


def _pairs(tree):
    """(wrong node, fixed node) pairs: f / f_fixed functions, X / XFixed(X) class methods."""
    funcs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    renames = {}
    pairs = []
    for name, node in funcs.items():
        if name.endswith("_fixed") and name[:-6] in funcs:
            renames[name] = name[:-6]
            pairs.append((funcs[name[:-6]], node))
    for name, node in classes.items():
        if name.endswith("Fixed") and name[:-5] in classes:
            base = classes[name[:-5]]
            renames[name] = name[:-5]
            base_methods = {m.name: m for m in base.body if isinstance(m, ast.FunctionDef)}
            for m in node.body:
                if isinstance(m, ast.FunctionDef):
                    if m.name not in base_methods:
                        raise AssertionError(f"{name}.{m.name} overrides nothing in {base.name}")
                    pairs.append((base_methods[m.name], m))
    return pairs, renames


def diff_check(path):
    """Return the one differing line (wrong version), or raise AssertionError."""
    text = path.read_text()
    lines = text.splitlines()
    if text.count(MARKER) != 1:
        raise AssertionError(f"marker appears {text.count(MARKER)} times")
    tree = ast.parse(text)
    marked = next(i for i, s in enumerate(lines, 1) if MARKER in s)
    starts = {n.lineno for n in ast.walk(tree) if isinstance(n, ast.stmt)}
    if marked not in starts:
        raise AssertionError(f"the marker is on line {marked}, which starts no statement")
    pairs, renames = _pairs(tree)
    if not any(w.name == "grad" for w, _ in pairs):
        raise AssertionError("no grad / grad_fixed pair")
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, renames)) + r")\b") if renames else None
    diffs = []
    for wrong, fixed in pairs:
        a = _body_lines(lines, wrong)
        b = _body_lines(lines, fixed)
        if pattern is not None:
            b = [pattern.sub(lambda m: renames[m.group(1)], s) for s in b]
        if len(a) != len(b):
            raise AssertionError(f"{wrong.name}: {len(a)} lines against {len(b)} in the fixed one")
        for x, y in zip(a, b, strict=True):
            if x.replace(MARKER, "").rstrip() != y.rstrip():
                diffs.append((x, y))
    if len(diffs) != 1:
        raise AssertionError(f"{len(diffs)} differing lines: {diffs}")
    wrong_line, fixed_line = diffs[0]
    if MARKER not in wrong_line or MARKER in fixed_line:
        raise AssertionError(f"the differing line is not the marked one: {wrong_line!r}")
    return wrong_line.strip(), fixed_line.strip()


def check(path):
    name = path.stem
    spec = importlib.util.spec_from_file_location(f"heldout_{path.parent.name}_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    problems = []
    try:
        diff_check(path)
    except AssertionError as exc:
        problems.append(f"diff: {exc}")
    if getattr(module, "CAUSE", None) not in CAUSES:
        problems.append(f"bad CAUSE {getattr(module, 'CAUSE', None)!r}")
    fix = getattr(module, "FIX", "")
    if not fix or not fix.rstrip().endswith((".", ")")):
        problems.append("FIX is not a sentence")
    if getattr(module.case, "name", name) != name:
        problems.append(f"case named {module.case.name!r}")
    wrong = verify(module.case, trials=TRIALS)
    fixed_case = derivation(module.loss, module.grad_fixed, **module.SPEC)
    ok64 = verify(fixed_case, trials=TRIALS)
    ok32 = verify(fixed_case, trials=TRIALS, dtype="float32")
    verdicts = (wrong.verdict, ok64.verdict, ok32.verdict)
    if verdicts != ("failed", "verified", "verified"):
        problems.append(f"verdicts wrong/fixed64/fixed32 = {verdicts}")
    return module.CAUSE, verdicts, problems


def main(argv):
    folder = HERE
    if argv[:1] == ["--folder"] and len(argv) > 1:
        folder, argv = pathlib.Path(argv[1]).resolve(), argv[2:]
    paths = sorted(folder.glob("[a-z]_*.py"))
    if argv:
        paths = [p for p in paths if p.stem in argv]
    counts = collections.Counter()
    families = collections.defaultdict(set)
    bad = 0
    start = time.time()
    print(f"{'file':<14} {'cause':<32} {'wrong':<8} {'fixed64':<9} {'fixed32':<9} ok")
    for path in paths:
        try:
            cause, verdicts, problems = check(path)
        except Exception as exc:  # an import error or a crash is a problem too
            cause, verdicts, problems = "?", ("-", "-", "-"), [f"{type(exc).__name__}: {exc}"]
        counts[cause] += 1
        families[cause].add(path.stem.split("_")[1])
        bad += bool(problems)
        print(f"{path.stem:<14} {cause:<32} {verdicts[0]:<8} {verdicts[1]:<9} {verdicts[2]:<9} "
              f"{'yes' if not problems else 'NO'}")
        for p in problems:
            print(f"    {p}")
    print()
    print("per CAUSE (files, families):")
    for cause in CAUSES:
        print(f"  {cause:<32} {counts[cause]:>2}  {', '.join(sorted(families[cause]))}")
    missing = [c for c in CAUSES if counts[c] < 2]
    print()
    print(f"{len(paths)} files, {len(paths) - bad} pass, {bad} fail; "
          f"causes covered fewer than twice: {missing or 'none'}; {time.time() - start:.0f} s")
    return 1 if bad or (not argv and missing) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
