"""Binder / JupyterHub (repo2docker) configuration agrees with pyproject.toml and the README.

repo2docker reads ``binder/`` instead of the repository root when it exists:
``runtime.txt`` (``python-X.Y``) picks the Python, ``requirements.txt`` is
installed with pip run from the repository root.  Checked here: that Python
satisfies ``requires-python``; the requirements are exactly this repository's
package (``-e .``), so its dependencies are the ones pyproject.toml declares and
not a second hand-written list; repo2docker sees the line as a local
requirement (it then installs after copying the whole repository); and the
README links the course on Binder, opening a notebook that exists.
"""

import json
import pathlib
import re
import sys
import urllib.parse
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

if sys.version_info >= (3, 11):
    import tomllib
else:   # jupyterlab depends on tomli before Python 3.11
    import tomli as tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# files with which repo2docker would build a different environment than requirements.txt
OTHER_ENVIRONMENTS = ["environment.yml", "Pipfile", "Pipfile.lock", "setup.py", "Dockerfile", "default.nix",
                      "requirements3.txt", "install.R", "Project.toml"]


def requirement_lines(path):
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def repo2docker_sees_local(line):
    """repo2docker's rule (utils.is_local_pip_requirement) for a requirement that needs the whole repository.

    >>> repo2docker_sees_local("-e ."), repo2docker_sees_local("numpy>=1.24")
    (True, False)
    """
    if line.startswith(("-r", "-c", "--requirement", "--constraint")):
        return True
    if line.startswith("--") and "=" in line:
        line = line.split("=", 1)[1]
    elif line.startswith("-"):
        line = (line.split(None, 1) + [""])[1]
    if "file://" in line:
        return True
    return (line.split("://", 1)[1] if "://" in line else line).startswith(".")


def test_runtime_python_satisfies_requires_python():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(3\.\d+)", runtime)
    assert match, f"binder/runtime.txt must read python-3.Y, not {runtime!r}"
    assert SpecifierSet(PYPROJECT["requires-python"]).contains(match[1]), (
        f"{runtime} does not satisfy requires-python {PYPROJECT['requires-python']}")


def test_requirements_install_this_package_and_nothing_else():
    lines = requirement_lines(BINDER / "requirements.txt")
    assert lines in (["-e ."], ["."]), f"binder/requirements.txt must install this repository only, not {lines}"
    assert PYPROJECT["name"] == "softmax-course" and (ROOT / "pyproject.toml").exists()
    assert all(repo2docker_sees_local(line) for line in lines)
    extra = [name for name in OTHER_ENVIRONMENTS if (BINDER / name).exists()]
    assert not extra, f"binder/ also holds {extra}: repo2docker would build another environment"


def test_the_package_installs_with_the_dependencies_pyproject_declares():
    """The editable install in this environment (README: pip install -e .) carries pyproject's list."""
    installs = [d for d in metadata.distributions(name=PYPROJECT["name"]) if d.read_text("direct_url.json")]
    if not installs:   # (a build's softmax_course.egg-info in the work tree has no direct_url.json)
        pytest.fail("softmax-course is not pip-installed: run the README's install command")
    dist = installs[0]
    direct = json.loads(dist.read_text("direct_url.json"))
    location = urllib.parse.unquote(urllib.parse.urlsplit(direct.get("url", "")).path)
    if pathlib.Path(location or "/nonexistent").resolve() != ROOT:
        pytest.skip(f"softmax-course here is installed from {location or 'an index'}, not this checkout")
    installed = sorted(str(Requirement(r)) for r in dist.requires or [] if "extra ==" not in r)
    declared = sorted(str(Requirement(r)) for r in PYPROJECT["dependencies"])
    assert installed == declared, "installed metadata is stale: rerun pip install -e '.[test]'"


def test_readme_explains_launching_on_binder():
    """The README says how to launch the course on Binder, and its link opens a file of this repository."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "binder/requirements.txt" in readme, "README does not explain the Binder set-up"
    urls = re.findall(r"https://mybinder\.org/v2/gh/[^)\s`]+", readme)
    assert urls, "README has no mybinder.org/v2/gh/... link"
    for url in urls:
        parts = urllib.parse.urlsplit(url)
        assert len(parts.path.split("/")) >= 6, f"{url}: expected /v2/gh/<owner>/<repo>/<ref>"
        query = urllib.parse.parse_qs(parts.query)
        target = query.get("urlpath", query.get("labpath", [""]))[0]
        target = target.removeprefix("lab/tree/").removeprefix("tree/")
        assert target and (ROOT / target).is_file(), f"{url} does not open a file of this repository"
