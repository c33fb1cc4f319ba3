"""The report form as a browser posts it, filled as a reporter would (used by locustfile.py;
no locust import, so tests and scripts can use it without gevent's monkey-patching)."""

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The fields of one form (by id) as a browser would post them: inputs with a name
    (not files or buttons), textareas, selects (the selected option, else the first)."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
            return
        if not self.inside:
            return
        if tag == "option" and self._select and (self._select not in self.fields or "selected" in a):
            self.fields[self._select] = a.get("value") or ""
        if not a.get("name"):
            return
        name = a["name"]
        if tag == "input" and a.get("type") not in ("file", "submit", "button", "checkbox", "radio"):
            self.fields[name] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea, self.fields[name] = name, ""
        elif tag == "select":
            self._select = name

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def report_form(html: str) -> dict[str, str]:
    parser = FormFields("report-form")
    parser.feed(html)
    return parser.fields


def filled(fields: dict[str, str], unit: int) -> dict[str, str]:
    """The form as a reporter completes it: every narrative written, every figure given."""
    out = dict(fields)
    for name, value in fields.items():
        if name.endswith(("-female", "-male")):
            out[name] = str(10 + unit % 40)
        elif name.endswith("-progress"):
            out[name] = "100"
        elif "-" not in name and name not in ("version", "token", "csrfmiddlewaretoken") and not value.strip():
            out[name] = f"Xã số {unit}: đã triển khai đầy đủ các hoạt động bình đẳng giới năm 2026."
    return out
