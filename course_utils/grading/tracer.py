"""Inside the sandbox: notice when a student's code uses a function the homework does not allow.

The grading spec of a question may list dotted names that must not do the
work for the student (``scipy.special.softmax`` for homework 1's softmax).
:class:`Tracer` replaces each such function, whenever its module is
imported, by a wrapper that records the call and then calls the original,
so a notebook behaves exactly as in Jupyter and the grader learns what was
used.  Names the stand-in ``course_utils`` does not provide are recorded by
:func:`deny` when the notebook asks for them.

This module is copied into every sandbox: standard library only.
"""

import importlib.abc
import sys

_ACTIVE = None


class _PatchingLoader(importlib.abc.Loader):
    """A module's own loader, followed by the tracer's patching once the module has run."""

    def __init__(self, loader, after):
        self._loader, self._after = loader, after

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        self._after(module)

    def __getattr__(self, name):          # resource readers, is_package, ...
        return getattr(self._loader, name)


class Tracer(importlib.abc.MetaPathFinder):
    """Wraps the listed functions as their modules load; :attr:`used` collects the names called."""

    def __init__(self, forbidden):
        self.targets = {}
        for name in forbidden:
            module, _, attr = name.rpartition(".")
            if module and attr:
                self.targets.setdefault(module, set()).add(attr)
        self.used, self.denied = set(), set()
        self.checked = {}         # check name -> (the function it last received, the cell that called it)
        self.cell = None          # the notebook cell running now

    def install(self):
        global _ACTIVE
        _ACTIVE = self
        sys.meta_path.insert(0, self)
        for module in list(self.targets):
            if module in sys.modules:
                self._patch(sys.modules[module])

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.targets:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _PatchingLoader(spec.loader, self._patch)
                return spec
        return None

    def _patch(self, module):
        for attr in self.targets.get(module.__name__, ()):
            original = vars(module).get(attr)      # not getattr: a stand-in's __getattr__ would record a denial
            if not callable(original) or getattr(original, "_course_grade_traced", False):
                continue
            wrapper = self._wrap(f"{module.__name__}.{attr}", original)
            setattr(module, attr, wrapper)
            home = sys.modules.get(getattr(original, "__module__", None) or "")
            if home is not None and getattr(home, attr, None) is original:
                setattr(home, attr, wrapper)      # scipy.special._logsumexp.softmax too

    def _wrap(self, name, original):
        used = self.used

        def traced(*args, **kwargs):
            used.add(name)
            return original(*args, **kwargs)

        traced.__name__ = getattr(original, "__name__", name)
        traced.__doc__ = getattr(original, "__doc__", None)
        traced._course_grade_traced = True
        return traced


def checked(check_name, fn):
    """Record that the notebook's check ``check_name`` received ``fn`` (the stand-in checks call this).

    The grader grades that very function object, as nbgrader grades the
    check cell where it stands: the notebook's last call of a check wins.
    """
    if _ACTIVE is not None and callable(fn):
        _ACTIVE.checked[str(check_name)] = (fn, _ACTIVE.cell)


def deny(name):
    """Record that the notebook asked the stand-in ``course_utils`` for ``name``, which it does not provide."""
    if _ACTIVE is not None:
        _ACTIVE.denied.add(name)
        _ACTIVE.used.add(name)         # asked for during a graded call: that call used it
