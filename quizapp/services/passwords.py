"""Which new passwords we accept, after NIST SP 800-63B: length, not composition.

At least 8 and at most 256 characters, any characters, no "one digit and one symbol"
rules; what is refused is what is easy to guess. zxcvbn (which ships lists of common and
leaked passwords, names, words and keyboard patterns) estimates how many guesses a
password takes, and a score under 3 (under about 10^8 guesses) is refused with its reason.
So is a password that contains the account's own email name or display name.

zxcvbn's time grows quickly with length (random strings, worst of 5 on the shared
development machine: 56 characters 137 ms, 72 characters 201 ms, 40 characters 8 ms; a
median of 21 ms at 40 under a load of 7 on 2 cores), so only the first ``ESTIMATED_PREFIX``
characters are estimated: a prefix that is hard to guess makes the whole password hard to
guess, and 40 characters of common words still score well. The containment check reads the
whole password. Nothing here logs, stores or returns the password.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from zxcvbn import zxcvbn

MIN_LENGTH = 8
MAX_LENGTH = 256
#: zxcvbn scores 0 to 4; 3 means "safely unguessable: moderate protection from offline attacks".
MIN_SCORE = 3
#: How much of a password zxcvbn reads (see the module docstring for the timings).
ESTIMATED_PREFIX = 40
#: Shorter names ("Al", "Ann") are too common inside words to refuse on sight; zxcvbn still
#: counts them as easy to guess.
MIN_PERSONAL_WORD = 4

# zxcvbn keeps the user inputs of the call in a module-level dictionary, so two threads
# checking at once could mix up each other's names; the lock costs nothing with sync workers.
_zxcvbn_lock = threading.Lock()


def password_problem(password: str, personal: Iterable[str | None] = ()) -> str | None:
    """Why ``password`` is refused, in words for the person choosing it, or ``None``.

    ``personal`` are the account's own words (email, display name), which a password must
    not contain and which zxcvbn counts as easy to guess.
    """
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters; a few unrelated words are easy to remember."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    words = _personal_words(personal)
    lowered = password.lower()
    if any(len(word) >= MIN_PERSONAL_WORD and word in lowered for word in words):
        return "Leave your name and email address out of the password: they are the first guesses."
    with _zxcvbn_lock:
        estimate = zxcvbn(password[:ESTIMATED_PREFIX], user_inputs=sorted(words))
    if estimate["score"] >= MIN_SCORE:
        return None
    return _explain(estimate["feedback"])


def _personal_words(personal: Iterable[str | None]) -> set[str]:
    """The email, its local part and the name, each whole and word by word (not the
    email's domain alone: a shared one such as a university's is no personal guess)."""
    words: set[str] = set()
    for value in personal:
        value = (value or "").strip().lower()
        local = value.partition("@")[0]
        words.update((value, local))
        words.update(re.split(r"[\W_]+", local))
    words.discard("")
    return words


def _explain(feedback: dict) -> str:
    """zxcvbn's warning and suggestions, or our own words when it gives none."""
    warning = feedback.get("warning") or "This password is easy to guess."
    suggestions = " ".join(feedback.get("suggestions") or [])
    advice = suggestions or "A few unrelated words, or a longer phrase, are much harder to guess."
    return f"{_sentence(warning)} {_sentence(advice)}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."
