"""What the grading app (``course-grade manual GRADEBOOK --serve``) keeps for one written question.

The points and comment of each answer stay where the offline flow keeps them, in
``GRADEBOOK/manual/<homework>/<question>.csv`` (see :mod:`.manual`), so both flows work on the same sheet and
``course-grade manual`` merges either.  Beside it, ``<question>.grading.json`` keeps what a sheet has no
column for:

* the **rubric**: items ``{"id", "points", "text"}``, points positive or negative.  An answer graded with
  items gets ``clip(sum of its items, 0, max)`` points and a comment listing them, so that the student's
  feedback page shows each item applied; editing an item re-scores every answer that has it;
* per answer: the items applied, the TA's own comment;
* **groups** (:mod:`.app_groups`): answers identical once white space and spacing-only TeX are dropped are
  graded once, together, unless split off; near-duplicates are grouped only when a TA confirms;
* the **history** of every change to an answer's points (old, new, who, when, why) and of regrade requests,
  which reopen an answer (from the app, or a CSV of requests: :mod:`.app_regrades`).

Every change is made under an exclusive lock of the question (``fcntl.flock``), reading the sheet and the
state again, and each file is replaced atomically, so two TAs, in one app or two, lose nothing.
"""

import contextlib
import datetime
import fcntl
import json
import math
import pathlib

from . import app_groups, csvsafe, gradebook, manual, manual_keys

REGRADE = manual_keys.REGRADE


def _now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def _points(value, maximum, what="points"):
    """``value`` as a finite float in 0..maximum, else ValueError naming what came."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number between 0 and {gradebook.fmt_score(maximum)}; "
                         f"got {value!r}") from None
    if not math.isfinite(number) or not 0 <= number <= maximum:
        raise ValueError(f"{what} must be a number between 0 and {gradebook.fmt_score(maximum)}; got {value!r}")
    return number


class Question:
    """One written question of a gradebook, as the grading app sees it: answers, sheet, rubric, groups."""

    def __init__(self, out_dir, homework, question):
        self.out_dir = pathlib.Path(out_dir)
        self.folder = self.out_dir / "manual" / homework
        self.homework, self.question = homework, question
        self.sheet = self.folder / f"{question}.csv"
        self.state_path = self.folder / f"{question}.grading.json"
        if not self.sheet.is_file():
            raise ValueError(f"no written question {homework}/{question} in {out_dir} (expected {self.sheet})")

    @contextlib.contextmanager
    def locked(self):
        """The question's exclusive lock, with its sheet, state and answers read afresh."""
        with open(self.folder / f".{self.question}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self.read()
            yield self

    def read(self):
        records = gradebook.all_records(self.out_dir)
        items = manual._answers(records, manual._key(self.out_dir)).get((self.homework, self.question), [])
        self.answers = {code: entry for code, _, entry in items}
        self.maximum = items[0][2]["points"] if items else 0.0
        self.prompt = items[0][2].get("prompt", "") if items else ""
        self.rows = {code: row for code, (_, row) in manual_keys.read_sheet(self.sheet).items()}
        try:
            state = json.loads(self.state_path.read_text())
        except FileNotFoundError:
            state = {}
        self.state = {"rubric": state.get("rubric", []), "answers": state.get("answers", {}),
                      "split": state.get("split", []), "merged": state.get("merged", []),
                      "history": state.get("history", []), "next_item": state.get("next_item", 1)}
        return self

    # ------------------------------------------------------------------ groups and progress
    def groups(self):
        """[[codes]]: identical answers together (unless split off), confirmed near-duplicates merged."""
        return app_groups.group(self.answers, self.state["split"], self.state["merged"])

    def suggested(self):
        """Near-duplicate groups not yet merged: [(code of one, code of the other)]."""
        texts = {g[0]: app_groups.normalize(self.answers[g[0]].get("answer", "")) for g in self.groups()
                 if self.answers[g[0]].get("answered")}
        return app_groups.suggestions(texts)

    def graded(self, code):
        row = self.rows.get(code, {})
        return bool((row.get("points") or "").strip()) and not (row.get("status") or "").strip() and \
            manual_keys.written_for(row, self.answers[code])

    def progress(self):
        return sum(self.graded(c) for c in self.answers), len(self.answers)

    # ------------------------------------------------------------------ changes (call inside locked())
    def _item(self, item_id):
        item = next((i for i in self.state["rubric"] if i["id"] == item_id), None)
        if item is None:
            raise ValueError(f"no rubric item {item_id!r} in {self.homework}/{self.question}")
        return item

    def _compose(self, code):
        """(points, comment) of an answer graded with rubric items, from its items and its own comment."""
        mine = self.state["answers"].get(code, {})
        items = [self._item(i) for i in mine.get("items", [])]
        lines = [f"{i['text']} ({'+' if i['points'] >= 0 else '−'}{gradebook.fmt_score(abs(i['points']))})"
                 for i in items]
        points = min(max(sum(i["points"] for i in items), 0.0), self.maximum)
        comment = "; ".join(lines + ([mine["comment"]] if mine.get("comment") else []))
        return points, comment

    def _set(self, code, points, comment, who, why):
        row = self.rows.setdefault(code, {})
        old = (row.get("points") or "").strip()
        new = gradebook.fmt_score(points) if points is not None else ""
        if old != new or (row.get("status") or "").strip():
            self.state["history"].append({"answer": code, "old": old or None, "new": new or None,
                                          "who": str(who)[:100], "when": _now(), "why": str(why)[:500]})
        row.update(points=new, comment=comment, status="", version=manual_keys.version(self.answers[code]))

    def grade(self, code, who, points=None, comment="", items=()):
        """Grade the answer ``code`` and the others of its group: with rubric ``items`` (their sum, clipped to
        0..max), else with ``points``.  Returns the codes graded."""
        if code not in self.answers:
            raise ValueError(f"no answer {code!r} in {self.homework}/{self.question}")
        for item_id in items:
            self._item(item_id)
        if not items:
            points = _points(points, self.maximum)
        group = next(g for g in self.groups() if code in g)
        for member in group:
            self.state["answers"][member] = {"items": list(items), "comment": str(comment).strip()[:2000]}
            if items:
                total, text = self._compose(member)
            else:
                total, text = points, str(comment).strip()[:2000]
            self._set(member, total, text, who, "graded")
        self._save()
        return group

    def rubric(self, who, item_id=None, points=None, text=None, delete=False):
        """Add an item (no ``item_id``), edit one, or delete it; every answer that has it is graded again."""
        if item_id is None:
            item_id = f"r{self.state['next_item']}"
            self.state["next_item"] += 1
            self.state["rubric"].append({"id": item_id, "points": 0.0, "text": ""})
        item = self._item(item_id)
        if delete:
            self.state["rubric"].remove(item)
        else:
            try:
                value = float(points)
            except (TypeError, ValueError):
                value = math.nan
            if not math.isfinite(value) or abs(value) > self.maximum:
                limit = gradebook.fmt_score(self.maximum)
                raise ValueError(f"an item's points must be a number between -{limit} and {limit}; got {points!r}")
            if not str(text or "").strip():
                raise ValueError(f"a rubric item needs a text saying what it is for; got {text!r}")
            item.update(points=value, text=str(text).strip()[:500])
        for code, mine in self.state["answers"].items():
            if item_id in mine.get("items", []):
                if delete:
                    mine["items"].remove(item_id)
                if mine.get("items"):
                    total, comment = self._compose(code)
                    self._set(code, total, comment, who, f"rubric item {item_id} changed")
        self._save()
        return item_id

    def split(self, code):
        if code not in self.answers:
            raise ValueError(f"no answer {code!r} in {self.homework}/{self.question}")
        self.state["split"] = sorted(set(self.state["split"]) | {code})
        self.state["merged"] = [m for m in self.state["merged"] if code not in m]
        self._save()

    def merge(self, a, b):
        for c in (a, b):
            if c not in self.answers:
                raise ValueError(f"no answer {c!r} in {self.homework}/{self.question}")
        self.state["merged"].append([a, b])
        self._save()

    def reopen(self, code, who, reason):
        """A regrade request: the answer is to grade again, its points kept in the history and the status."""
        if code not in self.answers:
            raise ValueError(f"no answer {code!r} in {self.homework}/{self.question}")
        row = self.rows.setdefault(code, {})
        old = (row.get("points") or "").strip()
        self.state["history"].append({"answer": code, "old": old or None, "new": None, "who": str(who)[:100],
                                      "when": _now(), "why": f"{REGRADE}: {str(reason).strip()[:500]}"})
        row.update(status=f"{REGRADE}: {str(reason).strip()[:500]}" + (f" (had {old})" if old else ""),
                   version=manual_keys.version(self.answers[code]))
        self._save()

    def _save(self):
        gradebook.atomic_write(self.state_path, json.dumps(self.state, indent=1, sort_keys=True) + "\n")
        rows = [list(manual_keys.SHEET)]
        for code in sorted(set(self.rows) | set(self.answers)):
            row = self.rows.get(code, {})
            entry = self.answers.get(code, {})
            rows.append([code, gradebook.fmt_score(entry.get("points", self.maximum)), row.get("points", ""),
                         row.get("comment", ""), row.get("status", ""),
                         row.get("version") or (manual_keys.version(entry) if entry else "")])
        gradebook.atomic_write(self.sheet, csvsafe.text(rows))
