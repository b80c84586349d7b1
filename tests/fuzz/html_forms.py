"""The <form>s of a page, as the fuzzer needs them: where they post and what they send."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    """One named control: its kind and the values the page offers for it."""

    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, file, password, submit, …
    values: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: dict[str, Field] = field(default_factory=dict)
    #: Buttons with their own ``formaction``: (action, name, value) each.
    other_actions: list[tuple[str, str | None, str | None]] = field(default_factory=list)

    def add(self, name: str, kind: str, value: str | None) -> None:
        known = self.fields.setdefault(name, Field(name, kind))
        if value is not None and value not in known.values:
            known.values.append(value)


class _FormParser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = Form(
                action=attrs.get("action") or self.page_url,
                method=(attrs.get("method") or "get").lower(),
                enctype=attrs.get("enctype") or "application/x-www-form-urlencoded",
            )
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "option" and self._select:
            self._form.add(self._select, "select", attrs.get("value", ""))
        if tag == "button" and attrs.get("formaction") and not attrs.get("name"):
            self._form.other_actions.append((attrs["formaction"], None, None))
        if not attrs.get("name"):
            return
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            value = attrs.get("value")
            if kind in ("checkbox", "radio") and value is None:
                value = "on"
            self._form.add(name, kind, value)
        elif tag == "button":
            if attrs.get("formaction"):
                self._form.other_actions.append((attrs["formaction"], name, attrs.get("value")))
            else:
                self._form.add(name, "submit", attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea, self._text = name, []
        elif tag == "select":
            self._select = name
            self._form.add(name, "select", None)

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            # A browser drops the one newline that follows <textarea>.
            text = "".join(self._text)
            self._form.add(self._textarea, "textarea", text[1:] if text[:1] == "\n" else text)
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_on(page: str, page_url: str) -> list[Form]:
    """The forms of ``page`` (served at ``page_url``), in page order; a button with its own
    ``formaction`` counts as one more form, posting the same fields and its own value."""
    parser = _FormParser(page_url)
    parser.feed(page)
    parser.close()
    forms = []
    for form in parser.forms:
        forms.append(form)
        for action, name, value in form.other_actions:
            fields = {k: v for k, v in form.fields.items() if v.kind != "submit"}
            other = Form(action, form.method, form.enctype, dict(fields))
            if name:
                other.fields[name] = Field(name, "submit", [value or ""])
            forms.append(other)
    return forms
