"""The README's two commands: what a newcomer runs first, and what CI runs.

Starting JupyterLab with these options is exercised by the browser tests
(tests/lab_support.py starts its server with them, as root in CI).
"""

import pathlib
import re
import shlex

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command(name):
    return README.split(f"<!-- command:{name} -->", 1)[1].split("```bash\n", 1)[1].splitlines()[0]


def test_the_first_command_installs_then_opens_lecture_00_at_the_repository_root_even_as_root():
    install, launch = re.split(r" && (?=\.venv/bin/jupyter lab)", command("open"))
    assert install == 'python3 -m venv .venv && .venv/bin/pip install -e ".[test]"'
    args = shlex.split(launch)[2:]
    assert "--ServerApp.root_dir=." in args and "--allow-root" in args
    notebooks = [a for a in args if not a.startswith("--")]
    assert notebooks == ["notebooks/00_overview.ipynb"] and (ROOT / notebooks[0]).is_file()


def test_lecture_00_lists_every_lecture_and_every_homework():
    overview = (ROOT / "notebooks" / "00_overview.ipynb").read_text(encoding="utf-8")
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))[1:]:
        assert f"({path.name})" in overview, path.name
    for path in sorted((ROOT / "exercises").glob("hw*.ipynb")):
        assert f"(../exercises/{path.name})" in overview, path.name


def test_ci_runs_the_test_command_of_the_readme():
    assert command("test") == ".venv/bin/python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text()
    assert "command:test" in ci and "command:open" in ci and 'eval "$test_cmd"' in ci
