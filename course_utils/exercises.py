"""Generate the student notebooks in ``exercises/`` from the worked ones in ``solutions/``.

Usage::

    course-exercises                 # regenerate exercises/ from solutions/
    course-exercises --check         # exit 1 if exercises/ is stale (CI, tests)

The solutions are marked the nbgrader way, so an instructor can also drop
them into an nbgrader course unchanged:

- in a code cell whose metadata has ``nbgrader.solution = true``, the lines
  from ``### BEGIN SOLUTION`` to ``### END SOLUTION`` are replaced by the
  stub ``# YOUR CODE HERE`` / ``raise NotImplementedError()`` at the marker's
  indentation, so the function's signature and docstring (with the shapes)
  stay;
- a solution cell without markers is replaced whole by that stub (code) or
  by ``YOUR ANSWER HERE`` (markdown answer cells);
- every other cell is copied unchanged; outputs and execution counts are
  cleared.

This is the algorithm of nbgrader's ``ClearSolutions`` preprocessor (the
tests compare against it), with errors that name the file and the cell.
The output is deterministic: rerunning gives byte-identical files.
"""

import argparse
import copy
import pathlib
import re
import sys

BEGIN, END = "BEGIN SOLUTION", "END SOLUTION"
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"


class MarkerError(ValueError):
    """A solution notebook's markers are unbalanced, nested or misplaced."""


def _is_solution(cell):
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution", False))


def clear_solution_regions(source, cell_type, where):
    """Return ``(new_source, replaced)`` with every marked region replaced by the stub.

    ``where`` (e.g. "solutions/hw1.ipynb, cell 4") prefixes error messages.
    """
    stub = (CODE_STUB if cell_type == "code" else TEXT_STUB).split("\n")
    out, begin_line, replaced = [], None, False
    for number, line in enumerate(source.split("\n"), start=1):
        if BEGIN in line:
            if begin_line is not None:
                raise MarkerError(
                    f"{where}: '### {BEGIN}' at line {number} is nested inside the region "
                    f"opened at line {begin_line}; close that one with '### {END}' first"
                )
            begin_line, replaced = number, True
            indent = re.match(r"\s*", line).group(0)
            out.extend(indent + s for s in stub)
        elif END in line:
            if begin_line is None:
                raise MarkerError(f"{where}: '### {END}' at line {number} has no matching '### {BEGIN}'")
            begin_line = None
        elif begin_line is None:
            out.append(line)
    if begin_line is not None:
        raise MarkerError(f"{where}: '### {BEGIN}' at line {begin_line} is never closed by '### {END}'")
    return "\n".join(out), replaced


def make_exercise(nb, name="notebook"):
    """Return the student version of a solution notebook (a new object; ``nb`` is unchanged).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A worked notebook with nbgrader markers and metadata.
    name : str
        Used in error messages, e.g. the file's path.
    """
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index} ({cell.cell_type})"
        source, replaced = clear_solution_regions(cell.source, cell.cell_type, where)
        if replaced and not _is_solution(cell):
            raise MarkerError(
                f"{where}: has solution markers but no nbgrader metadata "
                "'solution: true'; mark the cell as a solution cell"
            )
        if _is_solution(cell) and not replaced:
            source = CODE_STUB if cell.cell_type == "code" else TEXT_STUB
        cell.source = source
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def generate(solutions_dir, exercises_dir, check=False):
    """Write (or with ``check=True`` only compare) ``exercises_dir/*.ipynb``.

    Returns the list of exercise paths that were stale (written, or that
    would be written); empty when everything is up to date.
    """
    import nbformat

    solutions_dir, exercises_dir = pathlib.Path(solutions_dir), pathlib.Path(exercises_dir)
    sources = sorted(solutions_dir.glob("*.ipynb"))
    if not sources:
        raise FileNotFoundError(f"no solution notebooks (*.ipynb) in {solutions_dir}")
    stale = []
    expected = set()
    for path in sources:
        nb = nbformat.read(path, as_version=4)
        text = nbformat.writes(make_exercise(nb, name=str(path))) + "\n"
        target = exercises_dir / path.name
        expected.add(target.name)
        if not target.exists() or target.read_text() != text:
            stale.append(target)
            if not check:
                exercises_dir.mkdir(parents=True, exist_ok=True)
                target.write_text(text)
    orphans = [p for p in sorted(exercises_dir.glob("*.ipynb")) if p.name not in expected]
    if orphans:
        stale.extend(orphans)
        if not check:
            for p in orphans:
                p.unlink()
    return stale


def main(argv=None):
    parser = argparse.ArgumentParser(prog="course-exercises", description=__doc__.splitlines()[0])
    parser.add_argument("--solutions", default="solutions", help="folder of worked notebooks (default: solutions)")
    parser.add_argument("--exercises", default="exercises", help="folder to write (default: exercises)")
    parser.add_argument("--check", action="store_true", help="only report stale exercises; exit 1 if any")
    args = parser.parse_args(argv)
    try:
        stale = generate(args.solutions, args.exercises, check=args.check)
    except (MarkerError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in stale:
        print(f"{'stale' if args.check else 'wrote'} {path}")
    if args.check and stale:
        print("exercises/ is out of date: run `course-exercises`", file=sys.stderr)
        return 1
    if not stale:
        print("exercises/ is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
