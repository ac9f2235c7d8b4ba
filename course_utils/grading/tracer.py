"""Inside the sandbox: the library functions a homework forbids never exist; a call of one is noticed.

The grading spec of a question may list dotted names that must not do the
work for the student (``scipy.special.softmax`` for homework 1's softmax).
Python gives no privacy inside one process: a wrapper around the real
function hands it out to anyone who asks (its closure, ``__wrapped__``,
``gc``, a reload).  So the real function is never made.  When a module of
the forbidden function's package loads, :class:`Tracer` runs the module's
source with every top-level ``def`` of a forbidden name replaced by a stub
(:func:`stub`): calling it records the name and raises
:class:`NotAvailableWhileGraded`, so a graded call that uses it is graded
``forbidden import``, the notebook's own verdict, and there is nothing to
take from the stub.  An audit hook (``sys.addaudithook``: it cannot be
removed) refuses to run the module's original code any other way (a reload
with the tracer taken out of ``sys.meta_path``, a load under another name,
a function made from its code object) and refuses ``gc``'s lists of objects,
through which the hook's own rules could be reached.  Copying a library's
source into the notebook is writing it: neither the notebook's check nor
the grader can tell.

Names of ``course_utils`` are the stand-in's business: it holds only what
the homework provides and records the rest with :func:`deny`.

This module is copied into every sandbox: standard library only.
"""

import ast
import importlib.abc
import importlib.util
import os
import sys
import types

_ACTIVE = None
STUB_NAME = "__course_grade_stub__"
REFUSED_EVENTS = ("gc.get_objects", "gc.get_referrers", "gc.get_referents")


class NotAvailableWhileGraded(RuntimeError):
    """A forbidden library function was called while grading: it does not exist in the sandbox."""


def stub(dotted, name, module):
    """The stand-in for the forbidden ``dotted`` (defined as ``name`` in ``module``): it records the call and
    raises; it holds no reference to anything but its own name."""
    def forbidden(*args, **kwargs):
        if _ACTIVE is not None:
            _ACTIVE.used.add(dotted)
        raise NotAvailableWhileGraded(f"{dotted} is not available while this homework is graded: the exercise "
                                      "asks you to write it yourself")

    forbidden.__name__, forbidden.__qualname__, forbidden.__module__ = name, name, module
    forbidden.__doc__ = f"{dotted}: not available while this homework is graded."
    return forbidden


def _defines(code, names):
    """The names of ``names`` that module code ``code`` defines at its top level (functions, not methods)."""
    return {c.co_name for c in code.co_consts if isinstance(c, types.CodeType) and c.co_name in names}


class _Stubbed(ast.NodeTransformer):
    """A module's top-level ``def name`` (decorated or not) made ``name = __course_grade_stub__(...)``."""

    def __init__(self, dotted, module):
        self.dotted, self.module = dotted, module

    def visit_Module(self, node):
        node.body = [self._replace(n) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                     and n.name in self.dotted else n for n in node.body]
        return node

    def _replace(self, node):
        call = ast.Call(ast.Name(STUB_NAME, ast.Load()), [ast.Constant(self.dotted[node.name]),
                                                          ast.Constant(node.name), ast.Constant(self.module)], [])
        return ast.copy_location(ast.Assign([ast.Name(node.name, ast.Store())], call), node)


class _StubbingLoader(importlib.abc.Loader):
    """A module's own loader, except that its code runs with the forbidden functions replaced by stubs."""

    def __init__(self, loader, dotted):
        self._loader, self._dotted = loader, dotted

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        get_code = getattr(self._loader, "get_code", None)
        code = get_code(module.__name__) if get_code is not None else None
        if code is None:                        # an extension module: no Python function in it
            return self._loader.exec_module(module)
        defined = _defines(code, self._dotted)
        if defined:
            source = self._loader.get_source(module.__name__)
            tree = _Stubbed({n: self._dotted[n] for n in defined}, module.__name__).visit(ast.parse(source))
            code = compile(ast.fix_missing_locations(tree), code.co_filename, "exec", dont_inherit=True)
            module.__dict__[STUB_NAME] = stub
        exec(code, module.__dict__)             # noqa: S102 - the library's own code, forbidden functions stubbed

    def __getattr__(self, name):          # resource readers, is_package, ...
        return getattr(self._loader, name)


def _folders(top):
    """The folders of the package ``top``, found without importing it."""
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return ()
    folders = (spec.submodule_search_locations or ()) if spec is not None else ()     # None: not installed
    return tuple(os.path.join(os.path.abspath(f), "") for f in folders)


def _hook(rules):
    """The audit hook of ``rules`` (``((folder, frozenset of names, ((name, dotted), ...)), ...)``).

    Everything it uses is bound here, once: a notebook that rebinds a builtin or this module's names later
    changes nothing in it.
    """
    refused, code_type, frozen, kind, has = frozenset(REFUSED_EVENTS), types.CodeType, frozenset, type, isinstance
    import_error, runtime_error, first = ImportError, RuntimeError, min

    def hook(event, args):
        if event in refused:
            raise runtime_error(f"{event}() is not available while grading")
        if event != "exec" and event != "function.__new__":
            return
        code = args[0] if args else None
        if kind(code) is not code_type:
            return
        filename = code.co_filename
        for folder, names, dotted in rules:
            if filename.startswith(folder):
                if event == "function.__new__":
                    made = names & frozen((code.co_name,))
                else:
                    made = names & frozen(c.co_name for c in code.co_consts if has(c, code_type))
                if made:
                    name = first(made)
                    raise import_error(f"{dict(dotted)[name]} is not available while this homework is graded "
                                       "(its library's code runs only as the grader loads it)")

    return hook


class Tracer(importlib.abc.MetaPathFinder):
    """Loads the packages of the forbidden library functions with those functions stubbed; :attr:`used`
    collects the forbidden names called (:func:`stub`), :attr:`denied` the ``course_utils`` names asked for."""

    def __init__(self, forbidden):
        self.targets = {}         # top package -> {function name: dotted name}
        for name in forbidden:
            module, _, attr = name.rpartition(".")
            top = module.partition(".")[0]
            if module and attr and top != "course_utils":
                self.targets.setdefault(top, {})[attr] = name
        self.used, self.denied = set(), set()
        self.checked = {}         # check name -> (the function it last received, the cell that called it)
        self.cell = None          # the notebook cell running now

    def install(self):
        """Stub the forbidden functions of every package loaded from now on, and refuse other ways to them."""
        global _ACTIVE
        _ACTIVE = self
        rules = tuple((folder, frozenset(names), tuple(sorted(names.items()))) for top, names in self.targets.items()
                      for folder in _folders(top))
        if rules:
            sys.addaudithook(_hook(rules))
        sys.meta_path.insert(0, self)
        for top, names in self.targets.items():      # loaded before grading began (none of the course's)
            for module in [m for n, m in list(sys.modules.items()) if n == top or n.startswith(top + ".")]:
                for attr, dotted in names.items():
                    if callable(vars(module).get(attr)):
                        setattr(module, attr, stub(dotted, attr, module.__name__))

    def find_spec(self, fullname, path=None, target=None):
        top = fullname.partition(".")[0]
        if top not in self.targets:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _StubbingLoader(spec.loader, self.targets[top])
                return spec
        return None


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
