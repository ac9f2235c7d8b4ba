"""The grading app's pages: the list of written questions, and one question with its answers to grade.

Answers are rendered as on the offline pages (:mod:`.render`: Markdown and math as MathML, sanitised, in a
box that clips them).  The pages run one script, the app's own (``SCRIPT``), allowed by its hash in the
Content-Security-Policy; nothing a student wrote can add another.  Every control has a visible label, the
answers are headed regions in order, and the keyboard does everything:

* ``j`` / ``k`` (outside a text field): the next / previous answer still to grade (round the list);
* ``Ctrl+Enter`` in an answer's form: save it and move to the next one to grade.
"""

import base64
import hashlib
import html

from . import gradebook, render

STYLE = render.STYLE + """
.toolbar { position: sticky; top: 0; background: #fff; padding: .5rem 0; border-bottom: 1px solid #ccc; z-index: 1; }
.answer:focus-within { outline: 3px solid #0d47a1; } .answer.done { border-color: #155724; }
label { display: inline-block; margin: .3rem 1rem .3rem 0; } input[type=number] { width: 5rem; }
textarea { width: 100%; min-height: 3rem; } .rubric li { margin: .3rem 0; } .members { color: #444; }
.status { font-weight: bold; } a { color: #0d47a1; text-decoration: underline; } .skip { margin: 0 .5rem; }
"""
SCRIPT = r"""
const token = new URLSearchParams(location.search).get('token');
const api = (op, body) => fetch(location.pathname.replace(/^\/q\//, '/api/') + '/' + op,
  {method: 'POST', headers: {'Content-Type': 'application/json', 'X-Grading-Token': token},
   body: JSON.stringify(Object.assign({who: document.getElementById('who').value}, body))})
  .then(r => r.json());
const say = text => { document.getElementById('status').textContent = text; };
const cards = () => [...document.querySelectorAll('.answer')];
function next(step) {          // the next (or previous) answer still to grade, going round the list
  const all = cards(), n = all.length, here = all.indexOf(document.activeElement.closest('.answer'));
  for (let k = 1; k < n; k++) {
    const card = all[(((here < 0 ? (step > 0 ? -1 : 0) : here) + k * step) % n + n) % n];
    if (!card.classList.contains('done')) { card.querySelector('input, textarea').focus(); return; }
  }
  say((document.getElementById('status').textContent.startsWith('Saved')
       ? document.getElementById('status').textContent + ' ' : '') + 'Every answer is graded.');
}
function done(reply, reload) {
  if (reply.error) { say('Not saved: ' + reply.error); return false; }
  document.getElementById('progress').textContent = reply.progress;
  if (reload) { location.reload(); }
  return true;
}
document.addEventListener('submit', event => {
  event.preventDefault();
  const form = event.target, data = Object.fromEntries(new FormData(form));
  const items = [...form.querySelectorAll('input[name=item]:checked')].map(i => i.value);
  if (form.dataset.op === 'grade') {
    api('grade', {code: form.dataset.code, points: data.points, comment: data.comment, items}).then(reply => {
      if (done(reply, false)) {
        form.elements.points.value = reply.points;
        form.closest('.answer').classList.add('done');
        say('Saved ' + reply.graded.join(', ') + ': ' + reply.points + ' points.'); next(1);
      }
    });
  } else {
    api(form.dataset.op, Object.assign({code: form.dataset.code, item: form.dataset.item}, data))
      .then(reply => done(reply, true));
  }
});
document.addEventListener('keydown', event => {
  const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(event.target.tagName);
  if (event.key === 'Enter' && event.ctrlKey && event.target.form) { event.target.form.requestSubmit(); }
  else if (!typing && (event.key === 'j' || event.key === 'k')) { next(event.key === 'j' ? 1 : -1); }
});
const who = document.getElementById('who');
who.value = localStorage.getItem('grader') || '';
who.addEventListener('change', () => localStorage.setItem('grader', who.value));
"""


def _hash(text):
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


CSP = (f"default-src 'none'; script-src '{_hash(SCRIPT)}'; style-src '{_hash(STYLE)}'; connect-src 'self'; "
       "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
e = html.escape


def _page(title, body, script=True):
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(title)}</title><style>{STYLE}</style></head>\n<body>\n<main>\n<h1>{e(title)}</h1>\n"
            f"{body}\n</main>\n" + (f"<script>{SCRIPT}</script>\n" if script else "") + "</body></html>\n")


def index(questions, token):
    """The list of written questions: ``[(homework, question, graded, total)]``."""
    rows = "".join(f'<li><a href="/q/{e(h)}/{e(q)}?token={e(token)}">{e(h)}: {e(q)}</a> '
                   f"({graded} of {total} graded)</li>" for h, q, graded, total in questions)
    return _page("Written answers to grade", f"<ul>{rows}</ul>" if rows else "<p>No written answers.</p>",
                 script=False)


def _form(op, code, fields, button, item=""):
    return (f'<form data-op="{op}" data-code="{e(code)}" data-item="{e(item)}">{fields}'
            f"<button>{button}</button></form>")


def _rubric_item(item):
    fields = (f'<label>Points <input name="points" type="number" step="any" '
              f'value="{e(gradebook.fmt_score(item["points"]))}"></label>'
              f'<label>Text <input name="text" value="{e(item["text"])}"></label>')
    return _form("rubric", "", fields, f"Change item {e(item['id'])}", item["id"])


def _suggestion(a, b):
    return _form("merge", a, f'<input type="hidden" name="other" value="{e(b)}">', f"Group {e(a)} with {e(b)}")


def question(q):
    """The page of one written question (an app_state.Question read under its lock)."""
    graded, total = q.progress()
    top = (f'<div class="toolbar"><label>Your name (kept in the history) <input id="who" autocomplete="name">'
           f'</label> <span id="progress">{graded} of {total} graded</span> '
           f'<span id="status" role="status" aria-live="polite"></span>'
           f'<p class="muted">Keys: j / k next / previous answer to grade; Ctrl+Enter saves an answer.</p></div>')
    maximum = gradebook.fmt_score(q.maximum)
    rubric = "".join(f"<li>{_rubric_item(i)}</li>" for i in q.state["rubric"])
    add = _form("rubric", "", '<label>Points <input name="points" type="number" step="any"></label>'
                              '<label>Text <input name="text"></label>', "Add rubric item")
    parts = [top, f'<section aria-labelledby="prompt"><h2 id="prompt">Question ({maximum} points)</h2>'
                  f'<div class="prompt">{render.markdown(q.prompt)}</div></section>',
             f'<section aria-labelledby="rubric"><h2 id="rubric">Rubric</h2><ul class="rubric">{rubric}</ul>{add}'
             "</section>"]
    suggested = q.suggested()
    if suggested:
        merges = "".join(f"<li>{_suggestion(a, b)}</li>" for a, b in suggested[:20])
        parts.append(f'<section aria-labelledby="similar"><h2 id="similar">Similar answers</h2><ul>{merges}</ul></section>')
    parts.append('<section aria-labelledby="answers"><h2 id="answers">Answers</h2>')
    for group in q.groups():
        first = group[0]
        entry, row = q.answers[first], q.rows.get(first, {})
        mine = q.state["answers"].get(first, {})
        boxes = "".join(f'<label><input type="checkbox" name="item" value="{e(i["id"])}"'
                        f'{" checked" if i["id"] in mine.get("items", []) else ""}> {e(i["text"])} '
                        f'({gradebook.fmt_score(i["points"])})</label>' for i in q.state["rubric"])
        fields = (f'<label>Points (0 to {maximum}) <input name="points" type="number" step="any" min="0" '
                  f'max="{maximum}" value="{e(row.get("points", ""))}"></label>{boxes}'
                  f'<label>Comment <textarea name="comment">{e(mine.get("comment", row.get("comment", "")))}'
                  "</textarea></label>")
        status = (row.get("status") or "").strip()
        members = f'<p class="members">{len(group)} identical answers: {", ".join(group)}</p>' if len(group) > 1 else ""
        split = "".join(_form("split", c, "", f"Split {e(c)} off") for c in group[1:])
        body = render.markdown(entry.get("answer", "")) if entry.get("answered") else '<p class="muted">no answer</p>'
        parts.append(f'<section class="answer{" done" if q.graded(first) else ""}" aria-labelledby="a-{e(first)}">'
                     f'<h3 id="a-{e(first)}">Answer {e(first)}</h3>{members}'
                     + (f'<p class="status error">{e(status)}</p>' if status else "")
                     + f"{body}{_form('grade', first, fields, 'Save')}{split}"
                     + _form("reopen", first, '<label>Regrade request <input name="reason"></label>', "Reopen")
                     + "</section>")
    parts.append("</section>")
    return _page(f"{q.homework}: {q.question} (written)", "\n".join(parts))
