"""The notation's rules, checked on every formula of the lectures and worked solutions.

Lecture 00's rule: a class index that is summed over is written ``c``; ``k`` is a fixed class.  The only
formulas that sum over ``k`` are the notes' own, quoted to show that very slip, and the exercise that asks
to find it: each is listed in QUOTED_SLIPS with where it is.
"""

import pathlib
import re

import nbformat
import pytest

from site_support import formulas

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb"))
SUMMED_OVER_K = re.compile(r"\\(?:sum|prod)_(?:\{\s*k|k)")
QUOTED_SLIPS = {
    "03_chain_rule": [r"$\log \sum_{k=1}^{2} e^{a_k}$", r"$\sum_k e^{a_k}$"],          # "A slip of the notes"
    "04_softmax_jacobian": [r"$\sum_{k=1}^{k} e^{a_k}$"],                              # the notes' normalizer
    "09_notes_corrected": [r"$\sum_{k=1}^{k}$", r"$\sum_{k=1}^{\infty}$", r"$\sum_k e^{a_k}$",   # formula 13
                           r"$\sigma_k = e^{a_k} / \sum_{k} e^{a_k}$"],                # "Find the mistake"
}


def sums_over_k(nb):
    """The formulas of a notebook's Markdown that sum (or multiply) over an index written k."""
    return [formula for _, formula in formulas(nb) if SUMMED_OVER_K.search(formula)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_a_summed_class_index_is_written_c(path):
    found = sums_over_k(nbformat.read(path, as_version=4))
    assert sorted(found) == sorted(QUOTED_SLIPS.get(path.stem, [])), (
        f"formulas summing over k (write the summed class index c, as lecture 00 says): "
        f"{[f for f in found if f not in QUOTED_SLIPS.get(path.stem, [])]}")


def test_the_rule_catches_a_sum_over_k_and_passes_one_over_c():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(r"Then $\sum_c \sigma_c = 1$, $\prod_{k=0}^{K-1} q_k$ and "
                                              r"$$\sum_{k'} J_{kk'} = 0$$, but `\sum_k` in code is not math.")]
    assert sums_over_k(nb) == [r"$\prod_{k=0}^{K-1} q_k$", r"$$\sum_{k'} J_{kk'} = 0$$"]
