"""Reading submissions defensively and keeping only imports and definitions."""

import json

import pytest

from course_utils.grading.extract import SubmissionError, definitions, read_notebook


def nb(*sources, nbformat=4):
    cells = [{"cell_type": "code", "source": s, "metadata": {}, "outputs": [], "execution_count": None}
             for s in sources]
    return json.dumps({"nbformat": nbformat, "nbformat_minor": 5, "metadata": {}, "cells": cells}).encode()


def test_keeps_imports_defs_classes_and_constants_only():
    code, notes = definitions(read_notebook(nb(
        "%matplotlib inline\nimport numpy as np\nEPS = 1e-12\nW = train()\nprint('hi')",
        ["def f(x):\n", "    return np.exp(x)\n", "f(3)"],
        "class C:\n    pass\n!pip install x\nfrom os import path",
    )))
    assert "import numpy as np" in code and "EPS = 1e-12" in code and "def f(x)" in code
    assert "class C" in code and "from os import path" in code
    for dropped in ("train()", "print", "f(3)", "pip", "matplotlib"):
        assert dropped not in code
    assert notes == []


def test_a_cell_with_a_syntax_error_is_skipped_with_a_note():
    code, notes = definitions(read_notebook(nb("def f(:\n    pass", "def g():\n    return 1")))
    assert "def g" in code and "def f" not in code
    assert notes == ["cell 0 has a syntax error at line 1: invalid syntax"] or "cell 0 has a syntax error" in notes[0]


@pytest.mark.parametrize("raw, message", [
    (b'{"cells": [', "not valid JSON"),
    (b"\xff\xfe", "not valid JSON"),
    (b'{"nbformat": 4}', "no list of cells"),
    (b"[1, 2]", "no list of cells"),
    (nb("x = 1", nbformat=3), "format version must be 4; got 3"),
])
def test_unreadable_notebooks_are_refused_with_a_reason(raw, message):
    with pytest.raises(SubmissionError, match=message):
        read_notebook(raw)


def test_oversized_notebook_refused():
    with pytest.raises(SubmissionError, match="more than the limit"):
        read_notebook(b" " * (20 * 1024 * 1024 + 1))
