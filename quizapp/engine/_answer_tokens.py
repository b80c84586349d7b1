"""Tokens of learners' typed answers, and the error raised when text cannot be read.

Split from the parser (``_answer_syntax.py``) and the public API (``answers.py``) to keep each
module small. Unicode the learner may type (``−``, ``×``, ``÷``, ``π``, ``√``, ``²``) is mapped to
plain tokens here, while every token keeps its position in the text exactly as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FUNCTIONS = frozenset({"ln", "log", "log2", "log10", "exp", "sqrt"})
CONSTANTS = frozenset({"pi", "e"})


class ParseError(ValueError):
    """The learner's text could not be read as an answer; never a wrong answer."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def snippet(text: str, limit: int = 20) -> str:
    """Quote a piece of the learner's text safely: short, with control characters escaped."""
    shown = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
        for ch in text[: limit + 1]
    )
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Token:
    """One symbol of the answer; ``text`` is normalised (``−`` → ``-``, ``×`` → ``*``)."""

    kind: str  # "num", "name", "op", "(", ")", "[", "]", ",", ";", "%" or "end"
    text: str
    pos: int  # where it starts in the text as typed (0-based)
    end: int


_NUMBER = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_WORD = re.compile(r"[A-Za-z]+")
_LOG_BASE = re.compile(r"_?(10|2)(?![0-9.])")  # log2(8), log_10(100); but log28 is log(28)
_SUPERSCRIPT = re.compile("([⁺⁻]?)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SYMBOLS = {
    "**": ("op", "^"),
    **{ch: ("op", "+") for ch in "+＋"},
    **{ch: ("op", "-") for ch in "-−–"},
    **{ch: ("op", "*") for ch in "*×·⋅∙"},
    **{ch: ("op", "/") for ch in "/÷∕⁄"},
    "^": ("op", "^"),
    **{ch: (ch, ch) for ch in "()[],;%"},
    "π": ("name", "pi"),
    "√": ("name", "sqrt"),
}


def at_position(pos: int) -> str:
    """Say where something is, counting characters from 1 as a learner would."""
    return f"at position {pos + 1}"


def tokenize(text: str) -> list[Token]:
    """Split the answer into tokens, ending with an ``end`` token; unknown symbols are errors."""
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif number := _NUMBER.match(text, i):
            if number.end() < len(text) and text[number.end()] in "0123456789.":
                end = number.end()
                while end < len(text) and text[end] in "0123456789.":
                    end += 1
                word = text[i:end]
                raise ParseError(
                    f"I could not read '{snippet(word)}' {at_position(i)}: "
                    "it is not a well-formed number.",
                    i,
                )
            tokens.append(Token("num", number.group(), i, number.end()))
            i = number.end()
        elif word := _WORD.match(text, i):
            tokens.append(_word_token(text, word))
            i = tokens[-1].end
        elif sup := _SUPERSCRIPT.match(text, i):
            tokens.append(Token("op", "^", i, i))
            if sup.group(1):
                tokens.append(Token("op", "+" if sup.group(1) == "⁺" else "-", i, i + 1))
            digits = sup.group(2).translate(_SUPERSCRIPT_DIGITS)
            tokens.append(Token("num", digits, sup.start(2), sup.end()))
            i = sup.end()
        else:
            symbol = text[i : i + 2] if text.startswith("**", i) else ch
            if symbol not in _SYMBOLS:
                raise ParseError(_unknown_symbol(ch, i), i)
            kind, norm = _SYMBOLS[symbol]
            tokens.append(Token(kind, norm, i, i + len(symbol)))
            i += len(symbol)
    tokens.append(Token("end", "", len(text.rstrip()), len(text.rstrip())))
    return tokens


def _word_token(text: str, word: re.Match[str]) -> Token:
    """Turn a run of letters into a function or constant name, or explain why it is not one."""
    name, end = word.group().lower(), word.end()
    if name == "log" and (base := _LOG_BASE.match(text, end)):
        name, end = "log" + base.group(1), base.end()
    if name in FUNCTIONS or name in CONSTANTS:
        return Token("name", name, word.start(), end)
    where = at_position(word.start())
    if name in {"inf", "infinity", "nan"}:
        raise ParseError(f"'{snippet(word.group())}' {where} is not a finite number.", word.start())
    if name == "x":
        raise ParseError(f"I could not read 'x' {where}: use * or × to multiply.", word.start())
    raise ParseError(
        f"I could not read '{snippet(word.group())}' {where}: expected a number, "
        "a function (ln, log, log2, log10, exp, sqrt), pi, e or '('.",
        word.start(),
    )


def _unknown_symbol(ch: str, pos: int) -> str:
    """Explain a character that no answer may contain."""
    if ch == "=":
        return f"I could not read '=' {at_position(pos)}: type just the value, without '='."
    if ch == "∞":
        return f"'∞' {at_position(pos)} is not a finite number."
    return f"I could not read '{snippet(ch)}' {at_position(pos)}."
