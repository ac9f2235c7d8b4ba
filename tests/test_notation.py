r"""The notation's rules, checked on every formula of the lectures and worked solutions.

* Lecture 00's rule: a class index that is summed over is written ``c``; ``k`` is a fixed class.  The only
  formulas that sum over ``k`` are the notes' own, quoted to show that very slip, and the exercise that asks
  to find it: each is listed in QUOTED_SLIPS with where it is.
* Lecture 00's symbol table is complete and has nothing extra: every Greek letter, every bold letter and
  every Latin letter that a lecture's formulas use (lecture 09 aside, which quotes the notes' OCR; words in
  ``\mathrm``, ``\text`` or ``\operatorname`` aside) is in its first column, except the few listed in
  NOT_SYMBOLS, and every symbol of the table is used by some lecture.
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


GREEK = re.compile(r"\\(alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|xi|"
                   r"pi|rho|varrho|sigma|varsigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|"
                   r"Pi|Sigma|Upsilon|Phi|Psi|Omega|ell)(?![A-Za-z])")
BOLD = re.compile(r"\\mathbf\{([A-Za-z])\}")
WORDS = re.compile(r"\\(?:begin|end|mathrm|text|textrm|textbf|texttt|operatorname|mathbb)\s*\{[^{}]*\}")   # \mathrm{CE}, \text{if}
COMMANDS = re.compile(r"\\[A-Za-z]+")
NOT_SYMBOLS = {
    "pi": "the number 3.14159 (08's Gaussian prior), and the notes' OCR of a product sign, quoted in 01",
    "Sigma": "the notes' OCR of a summation sign, quoted in 02 and 03",
    "F": "the subscript of the Frobenius norm",
    "O": "big O, as in O(NDK)",
    "P": "a probability, as in P(y = k)",
}
TABLE = ROOT / "notebooks" / "00_overview.ipynb"


def symbols(text):
    """The Greek letters (by name), bold letters (``bf`` + the letter) and Latin letters of a formula or a table
    column: every letter of the formula outside TeX commands and the words of ``\\mathrm``, ``\\text`` and
    ``\\operatorname`` (so ``NDK`` is N, D and K; a bold X is both ``bfX`` and ``X``)."""
    latin = set(re.findall(r"[A-Za-z]", COMMANDS.sub(" ", WORDS.sub(" ", text))))
    return set(GREEK.findall(text)) | {"bf" + letter for letter in BOLD.findall(text)} | latin


def table_symbols(nb):
    """The symbols of the first column of every notation table (``| Symbol | Code | ...``) of a notebook."""
    found = set()
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "| Symbol |" in cell.source:
            found |= {s for line in cell.source.splitlines() if line.startswith("| ") and not line.startswith(
                "| Symbol") for formula in re.findall(r"\$[^$]+\$", line.split("|")[1]) for s in symbols(formula)}
    return found


def used_symbols(paths):
    """{symbol: [lectures whose formulas use it]}, the notation tables themselves aside."""
    used = {}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        for index, formula in formulas(nb):
            if "| Symbol |" in nb.cells[index].source:
                continue
            for symbol in symbols(formula):
                used.setdefault(symbol, set()).add(path.stem[:2])
    return {symbol: sorted(where) for symbol, where in used.items()}


def test_the_symbol_table_holds_every_symbol_the_lectures_use_and_no_other():
    table = table_symbols(nbformat.read(TABLE, as_version=4))
    used = used_symbols([p for p in NOTEBOOKS if p.parent.name == "notebooks" and not p.stem.startswith("09")])
    assert len(table) > 20
    missing = {s: where for s, where in used.items() if s not in table and s not in NOT_SYMBOLS}
    assert not missing, f"symbols used but not in lecture 00's table (add a row, or pick a symbol it has): {missing}"
    assert not table - set(used), f"symbols in lecture 00's table that no lecture uses: {sorted(table - set(used))}"
    assert set(NOT_SYMBOLS) <= set(used), "NOT_SYMBOLS lists a letter no lecture uses any more"


def test_the_table_check_finds_a_symbol_missing_from_the_table():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("| Symbol | Code |\n|---|---|\n| $\\sigma_k$, $\\mathbf{X}$ | `S` |\n"),
                nbformat.v4.new_markdown_cell(r"Then $\epsilon \ne \eta$ and $\mathbf{X}\mathbf{W}$, $\sigma_k$.")]
    assert table_symbols(nb) == {"sigma", "bfX", "X", "k"}
    assert set().union(*(symbols(f) for _, f in formulas(nb))) == {
        "epsilon", "eta", "bfX", "bfW", "sigma", "X", "W", "k"}
    assert symbols(r"$\ell_j + \nu \newline \mathbf{XY}$") == {"ell", "nu", "j", "X", "Y"}   # not \nu in \newline
    assert symbols(r"$\mathrm{CE}(p, q) = O(NDK)$ \text{if} $\operatorname{softmax}(a)$") == {
        "p", "q", "O", "N", "D", "K", "a"}
    assert symbols(r"$\begin{pmatrix} a \\ b \end{pmatrix}$") == {"a", "b"}               # no "pmatrix"


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
