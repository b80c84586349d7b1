"""Which text a database can store: the one rule the web forms, the API and set files share.

PostgreSQL text cannot hold U+0000 (psycopg raises ``DataError``), and neither database can
store an unpaired surrogate (it is not UTF-8). Both can arrive: a NUL in a form or a URL,
either through JSON's ``\\u0000`` and ``\\ud800`` escapes.
"""

from __future__ import annotations


def unstorable(text: str) -> str | None:
    """What in ``text`` cannot be stored as text, in words, or None when all of it can."""
    if "\x00" in text:
        return "a NUL character (U+0000)"
    if text.isascii():  # nearly every request: no surrogate can be there
        return None
    try:
        text.encode("utf-8")  # strict UTF-8 refuses exactly the surrogates, at C speed
    except UnicodeEncodeError:
        return "an unpaired surrogate (U+D800 to U+DFFF), which is not text"
    return None
