"""Export the lectures to an offline course site with reveal.js slides.

Usage:  python tools/build_site.py [--out build/site] [--execute] [--timeout 600] [--no-pdf]

Reads ``notebooks/NN_name.ipynb`` with their STORED outputs and widget state
(nothing runs unless ``--execute`` is given; then each notebook is executed in
memory by nbclient, widget state stored, and the files are left untouched)
and writes, into ``--out`` (default ``build/site/``, replaced on each run):

- ``index.html``: the course outline, the README's title and, per lecture,
  its title, its "What you'll learn" bullets, a link to its page and slides,
  then the homework the same way;
- ``NN_name.html``: one page per lecture (nbconvert's lab template) with a
  navigation bar (previous, outline, slides, next) above and below;
- ``hwN_name.html``: one page per homework, from ``exercises/`` (the student
  version: no solutions), with a navigation bar (previous, outline, next);
- ``slides/NN_name.slides.html``: reveal.js slides from the cells'
  ``slideshow.slide_type`` metadata (nbconvert's SlidesExporter);
- ``pdf/NN_name.pdf``, ``pdf/hwN_name.pdf``: each page printed as a PDF
  handout by Chromium (tools/site_pdf.py), linked from the index; ``--no-pdf``
  leaves them out (no browser needed then);
- ``assets/``: a copy of the vendored ``site_assets/`` (MathJax 2, require.js,
  the Jupyter widget manager, reveal.js, and their licences).

Pages load every script by a RELATIVE path into ``assets/``, so the site works
from ``file://`` and from any static server, with no network.  Links between
lectures (``(02_log_likelihood.ipynb)``) become links to the pages (or, in
slides, to the other slides), and so do links between lectures and homework
(``../exercises/hw1_softmax_likelihood.ipynb``, ``../notebooks/01_...``).
Worked solutions (``solutions/``) are instructor material and are not exported.  Needs no node/npm; to update the
vendored JavaScript see ``tools/vendor_site_assets.sh``.  To look at it:
``python -m http.server -d build/site`` or open ``build/site/index.html``.
"""

import argparse
import copy
import html
import importlib.util
import os
import pathlib
import re
import shutil
import sys

import nbformat
from nbconvert import HTMLExporter, SlidesExporter

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EXERCISES = ROOT / "exercises"
ASSETS = ROOT / "site_assets"
TEMPLATES = pathlib.Path(__file__).resolve().parent / "site_templates"
MARKER = ".course-site"          # only a folder holding this is ever replaced
LINK = re.compile(r"\]\((?:\./|\.\./notebooks/|\.\./exercises/)?((?:\d\d|hw\d)_[\w-]+)\.ipynb(#[^)\s]*)?\)")


def lecture_paths(folder=NOTEBOOKS):
    """The lecture notebooks ``NN_name.ipynb``, in course order."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def title_and_goals(nb):
    """The first cell's ``# `` title and its "What you'll learn" bullets (markdown)."""
    lines = nb.cells[0].source.splitlines()
    title = lines[0].lstrip("#").strip()
    goals, inside = [], False
    for line in lines[1:]:
        if "What you'll learn" in line:
            inside = True
        elif inside and line.startswith(("- ", "* ", "  ")):
            goals.append(line)
        elif inside and goals and line.strip():
            break
    return title, "\n".join(goals)


def homework_paths(folder=EXERCISES):
    """The homework notebooks ``hwN_name.ipynb`` as students get them (no solutions), in order."""
    return sorted(folder.glob("hw[0-9]_*.ipynb"))


def rewrite_links(nb, suffix, homework_prefix=""):
    """A copy of ``nb`` whose markdown links to ``NN_name.ipynb`` point to ``NN_name<suffix>``, and to
    ``hwN_name.ipynb`` to the homework page ``<homework_prefix>hwN_name.html`` (homework has no slides)."""
    nb = copy.deepcopy(nb)

    def target(m):
        if m[1].startswith("hw"):
            return f"]({homework_prefix}{m[1]}.html{m[2] or ''})"
        return f"]({m[1]}{suffix}{m[2] or ''})"

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = LINK.sub(target, cell.source)
    return nb


def nav_html(entries, index, slides_href):
    """The navigation bar of page ``index`` in ``entries`` ([(stem, title), ...]); -1 is the outline."""
    def link(cls, href, text):
        return f'<a class="{cls}" href="{html.escape(href)}">{html.escape(text)}</a>'

    parts = []
    if index > 0:
        stem, title = entries[index - 1]
        parts.append(link("nav-prev", f"{stem}.html", f"← {title}"))
    if index >= 0:
        parts.append(link("nav-index", "index.html", "Course outline"))
    if slides_href:
        parts.append(link("nav-slides", slides_href, "Slides"))
    if index + 1 < len(entries):
        stem, title = entries[index + 1]
        parts.append(link("nav-next", f"{stem}.html", f"{title} →"))
    return '<nav class="course-nav" aria-label="Course navigation">\n' + "\n".join(parts) + "\n</nav>"


def exporters():
    """(page exporter, slides exporter), loading every script from ``assets/`` by relative path."""
    def urls(prefix):
        return dict(mathjax_url=f"{prefix}assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
                    require_js_url=f"{prefix}assets/requirejs/require.js",
                    widget_renderer_url=f"{prefix}assets/html-manager/embed-amd.js",
                    extra_template_basedirs=[str(TEMPLATES)],
                    extra_template_paths=[str(TEMPLATES / "course_shared")])   # shared by both templates

    page = HTMLExporter(template_name="course_page", **urls(""))
    slides = SlidesExporter(template_name="course_slides", reveal_url_prefix="../assets/reveal.js",
                            reveal_theme="white", reveal_width="1280", reveal_height="720",   # 16:9
                            **urls("../"))
    return page, slides


def execute(nb, timeout):
    """Run ``nb`` in memory as tools/build_notebooks.py does (cwd notebooks/, widget state stored)."""
    from nbclient import NotebookClient

    os.environ.update(PYTHONHASHSEED="0", MPLBACKEND="module://matplotlib_inline.backend_inline")
    NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return nb


def prepare_out(out):
    """Empty ``out`` (only if it is missing, empty or an earlier site) and copy the assets into it."""
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SystemExit(f"{out} exists and is not a course site built by this tool: not replacing it")
    shutil.rmtree(out, ignore_errors=True)
    (out / "slides").mkdir(parents=True)
    (out / MARKER).write_text("built by tools/build_site.py; replaced on every build\n")
    shutil.copytree(ASSETS, out / "assets")


def outline(readme_title, entries, goals, homework=(), pdf=False):
    """The index page as a one-cell notebook, so that it is rendered like the lectures (math included)."""
    def handout(stem, title):
        return f" · [{title} as a PDF handout](pdf/{stem}.pdf)" if pdf else ""

    parts = [f"# {readme_title}\n\nThe lectures in order; each has a page and reveal.js slides"
             + (" and a PDF handout" if pdf else "") + ". The homework follows them."]
    for (stem, title), bullets in zip(entries, goals):
        parts.append(f"## [{title}]({stem}.html)\n\n[Slides](slides/{stem}.slides.html){handout(stem, title)}\n\n"
                     f"**What you'll learn**\n\n{bullets}")
    if homework:
        parts.append("# Homework\n\nEach homework is a notebook to download and run in Jupyter; its checks say what "
                     "is wrong.")
    for stem, title, bullets in homework:
        parts.append(f"## [{title}]({stem}.html)\n\n" + (handout(stem, title)[3:] + "\n\n" if pdf else "")
                     + f"**What you'll learn**\n\n{bullets}")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("\n\n".join(parts))]
    return nb


def print_handouts(out, pages):
    """tools/site_pdf.py's ``print_pdfs`` (tools/ is not a package); SystemExit with its message if it fails."""
    spec = importlib.util.spec_from_file_location("site_pdf", pathlib.Path(__file__).with_name("site_pdf.py"))
    site_pdf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(site_pdf)
    try:
        return site_pdf.print_pdfs(out, pages)
    except site_pdf.PrintError as exc:
        raise SystemExit(f"PDF handouts: {exc}") from None


def build(out=ROOT / "build" / "site", run=False, timeout=600, lectures=None, homework=None, pdf=True):
    """Write the site into ``out``; return the written HTML files (and PDF handouts, unless ``pdf`` is False)."""
    out = pathlib.Path(out)
    paths = lecture_paths() if lectures is None else list(lectures)
    homework = homework_paths() if homework is None else list(homework)
    exercises = [nbformat.read(p, as_version=4) for p in homework]
    tasks = [(p.stem, *title_and_goals(nb)) for p, nb in zip(homework, exercises)]
    if not paths:
        raise SystemExit(f"no lecture notebooks in {NOTEBOOKS}")
    notebooks = [nbformat.read(p, as_version=4) for p in paths]
    if run:
        notebooks = [execute(nb, timeout) for nb in notebooks]
    heads = [title_and_goals(nb) for nb in notebooks]
    entries = [(p.stem, title) for p, (title, _) in zip(paths, heads)]
    prepare_out(out)
    page, slides = exporters()
    written = []

    def write(target, exporter, nb, name, nav):
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}, "course_nav": nav})
        target.write_text(body, encoding="utf-8")
        written.append(target)

    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    write(out / "index.html", page, outline(readme, entries, [g for _, g in heads], tasks, pdf), readme,
          nav_html(entries, -1, None))
    for i, (nb, (stem, title)) in enumerate(zip(notebooks, entries)):
        write(out / f"{stem}.html", page, rewrite_links(nb, ".html"), title,
              nav_html(entries, i, f"slides/{stem}.slides.html"))
        write(out / "slides" / f"{stem}.slides.html", slides, rewrite_links(nb, ".slides.html", "../"), title, "")
    homework_entries = [(stem, title) for stem, title, _ in tasks]
    for i, (nb, (stem, title)) in enumerate(zip(exercises, homework_entries)):
        write(out / f"{stem}.html", page, rewrite_links(nb, ".html"), title, nav_html(homework_entries, i, None))
    if pdf:
        written += print_handouts(out, entries + homework_entries)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "build" / "site"), help="output folder (default: build/site)")
    parser.add_argument("--execute", action="store_true", help="re-execute the notebooks (in memory) first")
    parser.add_argument("--timeout", type=int, default=600, help="per-cell timeout with --execute (s)")
    parser.add_argument("--no-pdf", dest="pdf", action="store_false",
                        help="no PDF handouts (they are printed by Chromium: tools/site_pdf.py)")
    args = parser.parse_args(argv)
    for path in build(args.out, run=args.execute, timeout=args.timeout, pdf=args.pdf):
        print(f"wrote {path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
