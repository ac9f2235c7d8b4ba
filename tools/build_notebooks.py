"""Build the course notebooks from their jupytext sources and store real outputs.

Usage:  python tools/build_notebooks.py [--folder notebooks] [NAME ...]

Each ``<folder>/src/NAME.py`` (jupytext "percent" format: the file an
instructor edits) becomes ``<folder>/NAME.ipynb``, executed top to bottom by
nbclient in ``<folder>`` with widget state stored, so that nbval can compare
outputs and exported pages can show widgets.  With no NAME, every source is
built.  Rerunning on unchanged sources gives the same cells and text outputs.
"""

import argparse
import hashlib
import os
import pathlib
import sys

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def build(src: pathlib.Path, out_dir: pathlib.Path, timeout: int = 120) -> pathlib.Path:
    """Convert one jupytext source to a notebook, execute it and write it next to ``src/``."""
    nb = jupytext.read(src)
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("lines_to_next_cell", None)
        cell.id = hashlib.sha1(f"{src.stem}:{index}".encode()).hexdigest()[:8]   # stable across rebuilds
    # inherited by the kernel: the same hash seed and plotting backend on every build
    os.environ.update(PYTHONHASHSEED="0", MPLBACKEND="module://matplotlib_inline.backend_inline")
    NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(out_dir)}}).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    target = out_dir / f"{src.stem}.ipynb"
    nbformat.validate(nb)
    target.write_text(nbformat.writes(nb) + "\n")
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default="notebooks", help="folder holding src/ (default: notebooks)")
    parser.add_argument("names", nargs="*", help="source names without .py (default: all)")
    args = parser.parse_args(argv)
    out_dir = ROOT / args.folder
    sources = sorted((out_dir / "src").glob("*.py"))
    if args.names:
        sources = [s for s in sources if s.stem in args.names]
        missing = set(args.names) - {s.stem for s in sources}
        if missing:
            parser.error(f"no source for {sorted(missing)} in {out_dir / 'src'}")
    for src in sources:
        print(f"building {build(src, out_dir).relative_to(ROOT)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
