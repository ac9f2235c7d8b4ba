"""The grading app of written answers (course_utils.grading.app_state, app, app_page), without a browser.

A gradebook is made as the grader makes one (no sandbox: tests/test_grading_written_scores.py's ``regrade``)
with five answers to one question: two identical but for spacing TeX, a near-duplicate of them, another, and
a blank one.  Checked: groups and their split, near-duplicate suggestions, rubric items and their edits
re-scoring every answer that has them, regrade requests and the history, the sheet the offline flow merges,
the students' feedback showing the items, two TAs at once, and the server's refusals (token, Host, body).
"""

import concurrent.futures as cf
import json
import re
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request

import pytest

from course_utils.grading import app, app_regrades, app_state, gradebook, manual, manual_keys
from course_utils.grading.cli import main
from test_grading_written_scores import regrade

pytestmark = pytest.mark.timeout(60)
ANSWERS = {"ada": r"Because $e^{a} \, $ cancels.", "cy": r"Because $e^a$ cancels.",
           "dan": r"Because $e^{a}$ cancel.", "bob": "No idea.", "eve": ""}


@pytest.fixture
def book(tmp_path):
    out = tmp_path / "out"
    regrade(out, ANSWERS)
    return out


def by_student(out):
    """{student: their row of the question's sheet}."""
    rows = manual_keys.read_sheet(out / "manual" / "hw" / "q1.csv")
    return {student: rows[code][1] for student, code in codes(out).items()}


def question(out):
    return app_state.Question(out, "hw", "q1")


def codes(out):
    key = (out / "manual" / "key").read_text().strip()
    return {s: manual.code(key, s, "hw", "q1") for s in ANSWERS}


def test_identical_answers_are_one_group_a_near_duplicate_is_only_suggested(book):
    c = codes(book)
    q = question(book).read()
    assert sorted(q.groups()) == sorted([sorted([c["ada"], c["cy"]]), [c["dan"]], [c["bob"]], [c["eve"]]])
    assert {frozenset(p) for p in q.suggested()} == {frozenset([min(c["ada"], c["cy"]), c["dan"]])}


def test_grading_one_answer_of_a_group_grades_all_and_the_offline_merge_takes_it(book):
    c = codes(book)
    with question(book).locked() as q:
        graded = q.grade(c["ada"], "tess", points="1.5", comment="Say why it cancels.")
        assert sorted(graded) == sorted([c["ada"], c["cy"]]) and q.progress() == (3, 5)     # eve's blank: 0
    rows = by_student(book)
    assert (rows["ada"]["points"], rows["cy"]["points"], rows["cy"]["comment"]) == ("1.5", "1.5", "Say why it cancels.")
    assert manual.merge(book) == (3, 2)
    ada = gradebook.read_record(gradebook.record_path(book, "ada", "hw"))
    assert ada["written"][0]["score"] == 1.5


def test_split_and_merge_change_the_groups(book):
    c = codes(book)
    with question(book).locked() as q:
        q.split(c["cy"])
    with question(book).locked() as q:
        assert [c["cy"]] in q.groups() and q.grade(c["ada"], "tess", points=2) == [c["ada"]]
        q.merge(c["ada"], c["dan"])
    with question(book).locked() as q:
        assert sorted([c["ada"], c["dan"]]) in q.groups()


def test_rubric_items_score_answers_and_an_edit_rescores_every_answer_that_has_them(book):
    c = codes(book)
    with question(book).locked() as q:
        full, sign = q.rubric("tess", points=2, text="Correct: the max cancels"), q.rubric("tess", points=-0.5,
                                                                                             text="Sign slip")
        q.grade(c["ada"], "tess", items=[full, sign], comment="Nearly.")
        q.grade(c["dan"], "tess", items=[full])
    rows = by_student(book)
    assert [rows[s]["points"] for s in ("ada", "cy", "dan")] == ["1.5", "1.5", "2"]
    assert rows["ada"]["comment"] == "Correct: the max cancels (+2); Sign slip (−0.5); Nearly."
    with question(book).locked() as q:
        q.rubric("tess", sign, points=-1, text="Sign slip in the exponent")
    rows = by_student(book)
    assert [rows[s]["points"] for s in ("ada", "cy", "dan")] == ["1", "1", "2"]
    assert rows["cy"]["comment"].startswith("Correct: the max cancels (+2); Sign slip in the exponent (−1)")
    manual.merge(book)
    main(["export", str(book)])
    page = (book / "feedback" / "cy" / "hw.html").read_text()
    assert "Sign slip in the exponent (−1)" in page and "1 / 2 points" in page
    with question(book).locked() as q:
        q.rubric("tess", sign, delete=True)
    assert by_student(book)["ada"]["points"] == "2"


def test_a_regrade_request_reopens_the_answer_and_the_history_keeps_who_changed_what(book):
    c = codes(book)
    with question(book).locked() as q:
        q.grade(c["bob"], "tess", points=0, comment="No argument.")
        q.reopen(c["bob"], "tess", "I did argue, in the second line.")
        assert q.progress() == (1, 5)
    main(["export", str(book)])                           # the offline flow rewrites the sheet: the request stays
    assert by_student(book)["bob"]["status"] == "regrade requested: I did argue, in the second line. (had 0)"
    with question(book).locked() as q:
        q.grade(c["bob"], "uma", points=1)
    history = [h for h in question(book).read().state["history"] if h["answer"] == c["bob"]]
    assert [(h["old"], h["new"], h["who"]) for h in history] == [(None, "0", "tess"), ("0", None, "tess"),
                                                                   ("0", "1", "uma")]
    assert history[1]["why"] == "regrade requested: I did argue, in the second line."
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", h["when"]) for h in history)


def test_regrade_requests_from_a_csv_are_taken_all_or_none(book, tmp_path):
    requests = tmp_path / "requests.csv"
    requests.write_text("student,homework,question,reason\nbob,hw,q1,Please look again\nzed,hw,q1,Me too\n")
    with pytest.raises(ValueError, match=r"no regrade request was taken:\n  .*requests\.csv, line 3: no written "
                                         r"answer of 'zed' to hw/q1"):
        app_regrades.reopen_requests(book, requests)
    assert question(book).read().state["history"] == []
    requests.write_text("student,homework,question,reason\nbob,hw,q1,Please look again\n")
    assert main(["manual", str(book), "--regrades", str(requests)]) == 0
    assert by_student(book)["bob"]["status"] == "regrade requested: Please look again"


@pytest.mark.parametrize("call, message", [
    (lambda q, c: q.grade(c["ada"], "t", points=3), r"points must be a number between 0 and 2; got 3"),
    (lambda q, c: q.grade(c["ada"], "t", points="nan"), r"points must be a number between 0 and 2; got 'nan'"),
    (lambda q, c: q.grade("NOPE", "t", points=1), r"no answer 'NOPE' in hw/q1"),
    (lambda q, c: q.grade(c["ada"], "t", items=["r9"]), r"no rubric item 'r9' in hw/q1"),
    (lambda q, c: q.rubric("t", points=1, text=" "), r"a rubric item needs a text saying what it is for; got ' '"),
    (lambda q, c: q.rubric("t", points=-5, text="x"), r"an item's points must be a number between -2 and 2; got -5"),
])
def test_bad_input_is_refused_by_name_and_changes_nothing(book, call, message):
    before = (book / "manual" / "hw" / "q1.csv").read_text()
    with question(book).locked() as q, pytest.raises(ValueError, match=message):
        call(q, codes(book))
    assert (book / "manual" / "hw" / "q1.csv").read_text() == before
    assert not (book / "manual" / "hw" / "q1.grading.json").exists()


# ---------------------------------------------------------------- the server

@pytest.fixture
def server(book):
    running = app.GradingServer(book)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()


def post(server, op, body, token=None, host=None, raw=None):
    data = raw if raw is not None else json.dumps(body).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{server.server_port}/api/hw/q1/{op}", data=data,
                                     headers={"Content-Type": "application/json",
                                              "X-Grading-Token": server.token if token is None else token})
    if host:
        request.add_header("Host", host)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_two_tas_at_once_lose_nothing(server, book):
    c = codes(book)
    targets = [c["bob"], c["dan"], c["eve"], c["ada"]] * 10
    with cf.ThreadPoolExecutor(8) as pool:
        replies = list(pool.map(lambda k: post(server, "grade", {"code": targets[k], "points": (k % 3) / 2,
                                                                  "who": f"ta{k % 2}"}), range(len(targets))))
    assert all(status == 200 for status, _ in replies), replies
    rows = by_student(book)
    assert all(rows[s]["points"] != "" for s in ANSWERS), rows
    assert len(question(book).read().state["history"]) > 0
    assert replies[-1][1]["progress"].endswith("of 5 graded")


def test_two_apps_on_one_gradebook_lose_nothing(server, book):
    """Two servers (two TAs each running the app) share the question's lock."""
    other = app.GradingServer(book)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        c = codes(book)
        calls = [(server if k % 2 else other, code) for k, code in enumerate([c["bob"], c["dan"], c["ada"]] * 6)]
        with cf.ThreadPoolExecutor(6) as pool:
            replies = list(pool.map(lambda call: post(call[0], "grade", {"code": call[1], "points": 1}), calls))
    finally:
        other.shutdown()
        other.server_close()
    assert [status for status, _ in replies] == [200] * len(calls)
    assert [by_student(book)[s]["points"] for s in ("bob", "dan", "ada", "cy")] == ["1"] * 4


def test_the_server_refuses_a_wrong_token_host_or_body(server):
    assert post(server, "grade", {}, token="guess")[0] == 403
    assert post(server, "grade", {}, host="evil.example:80")[0] == 403
    assert post(server, "grade", None, raw=b"[1, 2]") == (400, {"error": "expected a JSON object; got list"})
    assert post(server, "vote", {"code": "x"}) == (400, {"error": "unknown operation 'vote': expected grade, rubric, "
                                                                  "split, merge or reopen"})
    assert post(server, "grade", None, raw=b"x" * (app.MAX_BODY + 1))[0] == 400
    with pytest.raises(urllib.error.HTTPError, match="403"):
        urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/q/hw/q1?token=guess", timeout=20)
    page = urllib.request.urlopen(server.url.replace("/?", "/q/hw/q1?"), timeout=20)
    assert page.status == 200 and "script-src 'sha256-" in page.headers["Content-Security-Policy"]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "kill", "hangup"])
def test_manual_serve_prints_its_url_once_and_merges_when_stopped(book, stop):
    c = codes(book)
    proc = subprocess.Popen([sys.executable, "-m", "course_utils.grading.cli", "manual", str(book), "--serve"],
                            stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        while "Grading app: " not in line:
            line = proc.stderr.readline()
            assert line, "course-grade exited before serving"
        url = line.split("Grading app: ")[1].strip()
        token = url.split("token=")[1]
        port = int(url.split(":")[2].split("/")[0])
        fake = type("S", (), {"server_port": port, "token": token})
        assert post(fake, "grade", {"code": c["bob"], "points": 1})[0] == 200
    finally:
        proc.send_signal(stop)
        rest = proc.communicate(timeout=30)[1]
    assert proc.returncode == 0 and "2 written answers graded, 3 still to grade" in rest and token not in rest
    assert gradebook.read_record(gradebook.record_path(book, "bob", "hw"))["written"][0]["score"] == 1
