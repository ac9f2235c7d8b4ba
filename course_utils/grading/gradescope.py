"""``course-grade gradescope``: the zip of a Gradescope programming assignment's autograder for one homework.

Gradescope unpacks the zip into ``/autograder/source`` and runs ``setup.sh`` once, when it builds the image,
then ``run_autograder`` for every submission.  The zip holds, at its top level, under names fixed here (none
comes from a submission):

* ``setup.sh``: installs this package from the wheel beside it (its dependencies from PyPI) into
  ``/autograder/course-venv``, and Debian's bubblewrap and libseccomp2 where apt-get can;
* ``run_autograder``: grades the submission with :mod:`.gradescope_run`;
* :data:`CONFIG`: the homework and the grading options;
* ``tests/<homework>.py`` and the tests folder's ``_*.py`` helpers;
* the wheel of this package, built with ``pip wheel --no-deps`` from a copy of this checkout.
"""

import importlib.resources
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import zipfile

CONFIG = "course_grade_gradescope.json"
MADE_BY = "course-grade gradescope"
SCRIPTS = {"setup.sh": 0o755, "run_autograder": 0o755}
PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE")    # besides course_utils/: what the wheel is built from
PROJECT_NAME = 'name = "softmax-course"'


def tests_files(homework, tests_dir):
    """``{zip member: path}`` of the homework's grading module and the tests folder's ``_*.py`` helpers.

    Raises ValueError naming what was expected when ``tests_dir`` is no folder or has no such homework.
    """
    tests_dir = pathlib.Path(tests_dir)
    if not tests_dir.is_dir():
        raise ValueError(f"--tests {tests_dir} is not a folder of <homework>.py grading modules")
    homeworks = sorted(p.stem for p in tests_dir.glob("*.py") if not p.name.startswith("_"))
    if homework not in homeworks:
        raise ValueError(f"no grading module for homework {homework!r} in {tests_dir}: expected one of "
                         f"{', '.join(homeworks) or 'none'} (a file {homework}.py)")
    helpers = sorted(p for p in tests_dir.glob("_*.py") if p.is_file())
    return {f"tests/{p.name}": p for p in [tests_dir / f"{homework}.py", *helpers]}


def check_out(out):
    """Refuse an ``--out`` that exists and is not an autograder zip this command made (it would be replaced)."""
    out = pathlib.Path(out)
    if out.suffix != ".zip":
        raise ValueError(f"--out {out}: expected a path ending in .zip, got {out.suffix or 'no suffix'}")
    if not out.absolute().parent.is_dir():
        raise ValueError(f"--out {out}: expected an existing folder to write it in; {out.absolute().parent} is none")
    if out.is_symlink() or (out.exists() and not out.is_file()):
        raise ValueError(f"--out {out} exists and is not a file: expected a new .zip path or an autograder zip "
                         "made by course-grade gradescope")
    if not out.exists():
        return
    problem = "it is not a zip file"
    if zipfile.is_zipfile(out):
        with zipfile.ZipFile(out) as zf:
            problem = f"it has no {CONFIG}"
            if CONFIG in zf.namelist():
                try:
                    if json.loads(zf.read(CONFIG)).get("made_by") == MADE_BY:
                        return
                except (ValueError, AttributeError):
                    pass
                problem = f"its {CONFIG} does not say made_by {MADE_BY!r}"
    raise ValueError(f"--out {out} exists and is not an autograder zip made by course-grade gradescope "
                     f"({problem}); remove it or choose another path")


def project_root():
    """The checkout this package runs from (its ``pyproject.toml``), which the wheel is built from."""
    root = pathlib.Path(__file__).resolve().parents[2]
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file() or PROJECT_NAME not in pyproject.read_text():
        raise ValueError(f"cannot build the wheel of softmax-course: expected this package to run from its "
                         f"checkout ({pyproject} with {PROJECT_NAME}); it runs from {root}. Run "
                         "course-grade from the repository (pip install -e .)")
    return root


def build_wheel(root, folder):
    """The path of this package's wheel, built by ``pip wheel --no-deps`` from a copy of ``root`` in ``folder``
    (a build in the checkout itself would leave its ``build/`` there)."""
    copy = pathlib.Path(folder) / "project"
    shutil.copytree(root / "course_utils", copy / "course_utils", ignore=shutil.ignore_patterns("__pycache__"))
    for name in PROJECT_FILES:
        if (root / name).is_file():
            shutil.copy2(root / name, copy / name)
    wheels = pathlib.Path(folder) / "wheel"
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir",
                           str(wheels), str(copy)], capture_output=True, text=True)
    found = sorted(wheels.glob("*.whl")) if wheels.is_dir() else []
    if proc.returncode != 0 or len(found) != 1:
        raise ValueError(f"pip wheel --no-deps {root} failed (exit status {proc.returncode}, expected one wheel, "
                         f"got {[p.name for p in found]}): {(proc.stderr or proc.stdout).strip()[-800:]}")
    return found[0]


def script(name, wheel=""):
    """The text of ``setup.sh`` or ``run_autograder`` (package data), naming ``wheel``."""
    text = importlib.resources.files(__package__).joinpath("gradescope_files", name).read_text()
    return text.replace("@WHEEL@", wheel)


def _add(zf, name, data, mode=0o644):
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.external_attr = (0o100000 | mode) << 16           # a regular file with its permissions
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def build(homework, tests_dir, out, options):
    """Write the autograder zip of ``homework`` to ``out`` (atomically); return its member names.

    ``options`` are the grading options ``run_autograder`` passes to ``course-grade grade``
    (``wall_seconds``, ``notebook_seconds``, ``memory_mb``, ``allow_package``).
    """
    from .spec import load_homework

    files = tests_files(homework, tests_dir)
    check_out(out)
    load_homework(files[f"tests/{homework}.py"])       # a broken module fails here, not in Gradescope
    out = pathlib.Path(out).absolute()
    with tempfile.TemporaryDirectory(prefix="gradescope-build-") as folder:
        wheel = build_wheel(project_root(), folder)
        config = {"made_by": MADE_BY, "homework": homework, "wheel": wheel.name, "options": options}
        fd, partial = tempfile.mkstemp(dir=out.parent, prefix=".gradescope-", suffix=".zip")
        try:
            with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w") as zf:
                for name, mode in SCRIPTS.items():
                    _add(zf, name, script(name, wheel.name), mode)
                _add(zf, CONFIG, json.dumps(config, indent=1, sort_keys=True) + "\n")
                for name, path in files.items():
                    _add(zf, name, path.read_bytes())
                _add(zf, wheel.name, wheel.read_bytes())
                names = zf.namelist()
            os.chmod(partial, 0o644)
            os.replace(partial, out)
        except BaseException:
            pathlib.Path(partial).unlink(missing_ok=True)
            raise
    return names


def command(args):
    """``course-grade gradescope HOMEWORK --tests T --out ZIP``: exit status 0, or 2 with what was expected."""
    options = {"wall_seconds": args.wall_seconds, "notebook_seconds": args.notebook_seconds,
               "memory_mb": args.memory_mb, "allow_package": args.extra_packages}
    try:
        names = build(args.homework, args.tests, args.out, options)
    except (ValueError, OSError) as exc:
        print(f"course-grade: {exc}", file=sys.stderr)
        return 2
    print(f"autograder for {args.homework} written to {pathlib.Path(args.out).absolute()}: {', '.join(names)}",
          file=sys.stderr)
    return 0
