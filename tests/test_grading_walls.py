"""What a sandbox may see: the allow-list, the stand-in course_utils, the tracer of forbidden functions,
and the code that is copied into every sandbox."""

import ast
import importlib
import os
import sys
import types

import pytest

from course_utils.grading import allowlist, standin, tracer
from course_utils.grading.walls import SHIPPED



def test_symlink_chains_are_replayed_link_by_link(tmp_path):
    (tmp_path / "usr" / "lib").mkdir(parents=True)
    (tmp_path / "usr" / "lib" / "ld.so").write_text("")
    (tmp_path / "lib").symlink_to("usr/lib")
    (tmp_path / "lib64").symlink_to(tmp_path / "lib")
    links, target = allowlist.symlink_chain(str(tmp_path / "lib64" / "ld.so"))
    assert links == [(str(tmp_path / "lib64"), str(tmp_path / "lib")), (str(tmp_path / "lib"), "usr/lib")]
    assert target == str(tmp_path / "usr" / "lib" / "ld.so")


def test_the_interpreter_needs_its_loader_and_libraries_but_no_site_packages():
    executable, binds, links, emptied = allowlist.interpreter()
    assert os.path.realpath(executable) == executable and executable in binds
    loader = allowlist._elf_interpreter(executable)
    assert loader and os.path.exists(loader)
    assert not any("site-packages" in b or "dist-packages" in b for b in binds)
    assert all(os.path.basename(e) in ("site-packages", "dist-packages") for e in emptied)


def test_allowed_distributions_bring_what_they_require_and_no_metadata():
    dists = allowlist.distributions(("ipython",))
    assert {"ipython", "traitlets", "pygments"} <= set(dists)
    entries, sites = allowlist.package_entries(dists)
    names = {top for _, top in entries}
    assert {site for site, _ in entries} == set(sites)
    assert {"IPython", "traitlets", "pygments"} <= names
    assert not any(n.endswith((".dist-info", ".pth")) for n in names)
    assert "course_utils" not in names and "numpy" not in names
    with pytest.raises(allowlist.AllowListError, match="package 'no-such-package' is allowed for students but not "
                                                       "installed"):
        allowlist.distributions(("no-such-package",))


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_code_copied_into_the_sandbox_needs_only_the_standard_library_numpy_and_ipython(name):
    tree = ast.parse(SHIPPED[name].read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add("." if node.level else node.module.split(".")[0])
    allowed = set(sys.stdlib_module_names) | {".", "numpy", "IPython", "traitlets"}
    assert imported <= allowed, imported - allowed
    if name != "lockdown.py":
        return
    assert imported <= set(sys.stdlib_module_names), "lockdown runs before anything else is on the path"


def load_standin(tmp_path, homework, provides):
    """Import the stand-in package (and the tracer as course_grade_sandbox.tracer) in this process."""
    for rel, text in standin.files(homework, provides).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(text if isinstance(text, bytes) else text.encode())
    package = types.ModuleType("course_grade_sandbox")
    package.tracer = tracer
    saved = {k: v for k, v in sys.modules.items() if k == "course_utils" or k.startswith("course_utils.")}
    sys.modules["course_grade_sandbox"], sys.modules["course_grade_sandbox.tracer"] = package, tracer
    for key in saved:
        del sys.modules[key]
    sys.path.insert(0, str(tmp_path))
    try:
        return importlib.import_module("course_utils"), importlib.import_module("course_utils.gradients")
    finally:
        sys.path.remove(str(tmp_path))
        for key in [k for k in sys.modules if k == "course_utils" or k.startswith("course_utils.")]:
            del sys.modules[key]
        sys.modules.update(saved)
        del sys.modules["course_grade_sandbox"], sys.modules["course_grade_sandbox.tracer"]


def test_the_stand_in_offers_the_checks_as_stubs_and_only_the_provided_names(tmp_path):
    active = tracer.Tracer([])
    active.install()
    try:
        package, gradients = load_standin(tmp_path, "hw9", ("one_hot",))
        assert package.one_hot([1, 0], 2).tolist() == [[0.0, 1.0], [1.0, 0.0]]
        assert package.checks.check_softmax(print) is None
        assert issubclass(package.checks.Incorrect, AssertionError)
        with pytest.raises(AttributeError, match="course_utils.softmax is not available while hw9 is graded: "
                                                 "course_utils offers only the checks and `one_hot` here"):
            package.softmax
        with pytest.raises(AttributeError, match="course_utils.grad_log_likelihood is not available"):
            gradients.grad_log_likelihood
    finally:
        sys.meta_path.remove(active)
    assert active.denied == {"course_utils.softmax", "course_utils.grad_log_likelihood"}


def test_the_stand_in_checks_offer_every_public_name_of_the_real_ones(tmp_path):
    import course_utils.checks as real

    active = tracer.Tracer([])
    active.install()
    try:
        package, _ = load_standin(tmp_path, "hw9", ())
        missing = [name for name in real.__all__ if not hasattr(package.checks, name)]
        assert missing == []
        check = package.checks.make_check("f", lambda fn: 1 / 0)     # a stub: the comparison never runs
        assert check(print) is None and check.__name__ == "check_f"
    finally:
        sys.meta_path.remove(active)


def test_only_self_contained_names_can_be_provided():
    with pytest.raises(ValueError, match="hw9: PROVIDES may only name functions of course_utils.numerics or "
                                         r"course_utils.data \(.*softmax.*\); got fit_lbfgs"):
        standin.check_provides(("softmax", "load_digits", "fit_lbfgs"), "hw9")


