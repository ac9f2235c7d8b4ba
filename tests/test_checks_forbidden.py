"""Tests of course_utils.checks.forbidden: the notebook's check refuses what the grader refuses, the same way."""

import functools
import sys

import numpy as np
import pytest
import scipy.special

import course_utils as cu
from course_utils import checks
from course_utils.checks import Forbidden, Incorrect, NotAttempted, forbidden
from course_utils.grading import spec

_NUMPY_SOFTMAX = ("def softmax(a, axis=-1):\n    e = np.exp(a - a.max(axis=axis, keepdims=True))\n"
                  "    return e / e.sum(axis=axis, keepdims=True)\n")


def _notebook_function(source, name, **namespace):
    """``name`` defined by ``source`` as a notebook cell defines it (its own globals, not in course_utils)."""
    namespace = {"np": np, "scipy": scipy, "cu": cu, **namespace}
    exec(compile(source, "<ipython-input-1>", "exec"), namespace)
    return namespace[name]


def _ll_logsumexp(W, X, y):
    A = X @ W
    return float(np.sum(A[np.arange(len(y)), y] - scipy.special.logsumexp(A, axis=1)))


@pytest.mark.parametrize("check, fn, used", [
    ("check_softmax", lambda a, axis=-1: scipy.special.softmax(a, axis=axis), "scipy.special.softmax"),
    ("check_softmax", scipy.special.softmax, "scipy.special.softmax"),
    ("check_softmax", cu.softmax, "course_utils.softmax"),
    ("check_softmax", functools.partial(cu.softmax), "course_utils.softmax"),
    ("check_log_likelihood", _ll_logsumexp, "scipy.special.logsumexp"),
    ("check_log_likelihood", cu.log_likelihood, "course_utils.log_likelihood"),
    ("check_grad_log_likelihood", lambda W, X, y: cu.grad_log_likelihood(W, X, y), "course_utils.grad_log_likelihood"),
    ("check_relative_error", cu.relative_error, "course_utils.relative_error"),
], ids=lambda v: v if isinstance(v, str) else getattr(v, "__name__", type(v).__name__))
def test_what_the_exercise_asks_for_is_forbidden_in_the_notebook(check, fn, used, capsys):
    """A library function or the course's own implementation doing the work: Forbidden, naming it, no line."""
    with pytest.raises(Forbidden, match=rf"uses `{used}`, which this exercise asks you to write yourself"):
        getattr(checks, check)(fn)
    assert "correct" not in capsys.readouterr().out


def test_a_forbidden_function_reached_through_a_closure_is_still_seen():
    """However the notebook gets hold of the function (a closure cell, an alias), calling it is seen."""
    hidden = (lambda f: (lambda: f))(scipy.special.softmax).__closure__[0].cell_contents
    with pytest.raises(Forbidden, match="scipy.special.softmax"):
        checks.check_softmax(lambda a, axis=-1: hidden(a, axis=axis))


def test_the_building_blocks_a_homework_provides_are_allowed(capsys):
    """Homework 2 hands out softmax and one_hot: a gradient built on them is correct, and so is plain NumPy."""
    grad = _notebook_function("def grad(W, X, y):\n    return X.T @ (cu.one_hot(y, W.shape[1]) - cu.softmax(X @ W))\n",
                              "grad")
    checks.check_grad_log_likelihood(grad, speed=False)
    checks.check_softmax(_notebook_function(_NUMPY_SOFTMAX, "softmax"))
    assert capsys.readouterr().out.count(": correct") == 2


def test_a_building_block_of_another_homework_is_forbidden():
    """In homework 1 course_utils offers only the checks: its log_softmax is not available while graded, and the
    message says so rather than that the exercise asks to write it."""
    offer = r"uses `course_utils.log_softmax`, which this homework does not offer \(while graded, course_utils offers only"
    with pytest.raises(Forbidden, match=offer + r" the checks\)"):
        checks.check_softmax(lambda a, axis=-1: np.exp(cu.log_softmax(a, axis=axis)))
    with pytest.raises(Forbidden, match=offer):
        checks.check_log_likelihood(lambda W, X, y: float(cu.log_softmax(X @ W)[np.arange(len(y)), y].sum()))
    with pytest.raises(Forbidden, match=r"`course_utils.add_bias`, which this homework does not offer \(while graded, "
                                        r"course_utils offers only the checks, `one_hot`, `softmax`\)"):
        checks.check_grad_log_likelihood(lambda W, X, y: cu.add_bias(X)[:, 1:].T @ (cu.one_hot(y, W.shape[1])
                                                                                  - cu.softmax(X @ W)), speed=False)


def test_forbidden_wins_over_any_other_verdict():
    """Wrong values or a stub: the grader says forbidden import whenever the function used one, so the check does."""
    with pytest.raises(Forbidden, match="scipy.special.softmax"):
        checks.check_softmax(lambda a, axis=-1: scipy.special.softmax(a, axis=axis) * 2)

    def stub(a, axis=-1):
        scipy.special.softmax(a)
        raise NotImplementedError
    with pytest.raises(Forbidden):
        checks.check_softmax(stub)


def test_an_honest_function_and_the_checks_own_references_are_not_flagged(capsys):
    """The checks compute their expected values with course_utils: that is not the student's doing."""
    result = checks.check_softmax(_notebook_function(_NUMPY_SOFTMAX, "softmax"))
    assert result.check == "check_softmax"
    with pytest.raises(NotAttempted):
        checks.check_log_likelihood(_notebook_function(
            "def log_likelihood(W, X, y):\n    raise NotImplementedError\n", "log_likelihood"))
    with pytest.raises(Incorrect) as info:
        checks.check_softmax(lambda a, axis=-1: np.exp(a))
    assert not isinstance(info.value, Forbidden)


def test_the_profile_hook_is_restored():
    """A profiler the student (or a tool) had set is back in place after the check."""
    seen = []

    def mine(frame, event, arg):
        seen.append(event)
    sys.setprofile(mine)
    try:
        with pytest.raises(Forbidden):
            checks.check_softmax(scipy.special.softmax)
        assert sys.getprofile() is mine
    finally:
        sys.setprofile(None)


def test_allowed_lets_a_reference_through(capsys):
    """Instructors testing a check on the course's own function say so explicitly."""
    with checks.allowed():
        checks.check_softmax(cu.softmax)
    assert "check_softmax: correct" in capsys.readouterr().out
    with pytest.raises(Forbidden):
        checks.check_softmax(cu.softmax)


def test_every_check_has_a_rule_and_the_grading_questions_use_it():
    """The grader forbids exactly what the notebook's check forbids, plus the course's own function."""
    assert set(forbidden.RULES) == {n for n in checks.__all__ if n.startswith("check_")}
    for path in sorted(spec.pathlib.Path(__file__).resolve().parent.parent.joinpath("grading").glob("hw*.py")):
        homework = spec.load_homework(path)
        for question in homework.questions:
            for check in question.public:
                if check.__name__ not in forbidden.RULES:   # a check a notebook defines (make_check) has its own
                    assert getattr(check, "cell_source", None), (path.name, check.__name__)
                    continue
                rule = forbidden.RULES[check.__name__]
                assert set(rule.provides) == set(homework.provides), (path.name, check.__name__)
                assert set(rule.forbidden) <= set(question.all_forbidden())
            assert f"course_utils.{question.function}" in question.all_forbidden()


def test_the_message_is_the_graders():
    """The grader words a forbidden call with the same function, so the student reads one sentence."""
    text = forbidden.message("softmax", {"scipy.special.softmax"})
    with pytest.raises(Forbidden) as info:
        checks.check_softmax(scipy.special.softmax)
    assert str(info.value) == text


def _exercise_texts(notebook):
    """``{function: the markdown of its exercise}`` of a student notebook."""
    import json
    import re
    cells = json.loads(notebook.read_text())["cells"]
    texts = {}
    for cell in cells:
        source = "".join(cell["source"])
        match = re.match(r"## Exercise \d+: `(\w+)\(", source)
        if cell["cell_type"] == "markdown" and match:
            texts[match.group(1)] = source
    return texts


@pytest.mark.parametrize("homework", ["hw1_softmax_likelihood", "hw2_gradients", "hw3_sgd"])
def test_each_exercise_says_what_may_not_be_used(homework):
    """Every forbidden library function and the course_utils rule appear in the exercise's own text."""
    root = spec.pathlib.Path(__file__).resolve().parent.parent
    questions = spec.load_homework(root / "grading" / f"{homework}.py").questions
    texts = _exercise_texts(root / "exercises" / f"{homework}.ipynb")
    for question in questions:
        text = texts[question.function]
        assert "**Not allowed here:**" in text, question.function
        for check in question.public:
            for name in forbidden.RULES[check.__name__].forbidden:
                assert f"`{name}`" in text, (question.function, name)
            provides = forbidden.RULES[check.__name__].provides
            assert "`course_utils`" in text and all(f"`{n}`" in text for n in provides if n in {"softmax", "one_hot",
                                                                                                "add_bias"})


def test_an_instructors_own_check_forbids_what_it_is_told_and_the_course_function():
    """make_check(forbidden=..., provides=...) gives an instructor's question the same rule, read by the grader."""
    def compare(fn):
        checks.expect_close(fn(np.array([1.0, 2.0])), [0.26894142136999, 0.73105857863001], on="[1, 2]")

    check = checks.make_check("softmax", compare, forbidden=["scipy.special.softmax"], provides=["one_hot"])
    assert check.forbidden == ("scipy.special.softmax",) and check.provides == ("one_hot",)
    assert "scipy.special.softmax" in spec.Question("softmax", 1, public=[check]).all_forbidden()
    with pytest.raises(Forbidden, match="scipy.special.softmax"):
        check(lambda a: scipy.special.softmax(a))
    with pytest.raises(Forbidden, match="course_utils.softmax"):
        check(cu.softmax)
    with pytest.raises(Forbidden, match="`course_utils.log_softmax`, which this homework does not offer"):
        check(lambda a: np.exp(cu.log_softmax(a)))
    plain = checks.make_check("softmax", compare)
    with pytest.raises(Forbidden, match="course_utils.softmax"):
        plain(cu.softmax)
    plain(lambda a: np.exp(cu.log_softmax(a)))          # no provides given: only the course's own softmax
