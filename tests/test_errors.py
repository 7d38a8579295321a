"""Every coded message comes from pipeline/errors.py: one factory per message, code first."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from pipeline import errors

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"
CODE = re.compile(r"\b[EW]\d{3}\b")
FACTORIES = [f for name, f in inspect.getmembers(errors, inspect.isfunction)
             if f.__module__ == errors.__name__]


def _sample(parameter: inspect.Parameter) -> object:
    if parameter.annotation in ("int",):
        return 3
    if parameter.annotation in ("list[str]",):
        return ["a", "b"]
    if parameter.annotation in ("BaseException",):
        return OSError(28, "No space left on device")
    return "x"


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_errors_factory_message_starts_with_its_code(factory):
    args = [_sample(p) for p in inspect.signature(factory).parameters.values()]
    made = factory(*args)
    if isinstance(made, errors.AnnalistError):
        assert re.fullmatch(r"E\d{3}", made.code) and str(made).startswith(f"{made.code}: ")
    else:
        assert factory.__name__.endswith("_warning") and re.match(r"W\d{3}: ", made)


def test_errors_codes_are_spelled_only_in_errors_py():
    found = []
    for path in sorted(PIPELINE.rglob("*.py")):
        if path.name == "errors.py" and path.parent == PIPELINE:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("# noqa")[0]  # linter codes (E741) are not ours
            if CODE.search(code):
                found.append(f"{path.relative_to(PIPELINE)}:{n}: {line.strip()}")
    assert found == []


def test_errors_worker_error_pickles_with_code_and_message():
    import pickle

    error = pickle.loads(pickle.dumps(errors.document_lost("a.txt", "it crashed")))
    assert isinstance(error, errors.DocumentError)
    assert error.code == "E152" and str(error).startswith("E152: a.txt was not processed")
