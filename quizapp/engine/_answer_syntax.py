"""Syntax trees for learners' typed answers: a small recursive-descent parser over tokens.

``answers.py`` evaluates and explains the trees. Nothing here computes a value, and nothing here
ever hands the learner's text to ``eval``: the parser's work is bounded by the input length,
:data:`MAX_DEPTH` and :data:`MAX_TOKENS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from quizapp.engine._answer_tokens import CONSTANTS, ParseError, Token, at_position, snippet

#: How deeply brackets, functions, signs and powers may nest (bounds the parser's recursion).
MAX_DEPTH = 20
#: How many symbols one number (or one component of a vector) may have; this bounds the depth
#: of the tree, and so the recursion when it is evaluated and shown back.
MAX_TOKENS = 100


@dataclass(frozen=True, slots=True)
class Num:
    """A number literal, kept as typed so its significant figures can be counted."""

    text: str
    pos: int


@dataclass(frozen=True, slots=True)
class Const:
    """The constant ``pi`` or ``e``."""

    name: str
    pos: int


@dataclass(frozen=True, slots=True)
class Func:
    """A function (``ln``, ``exp``, …) applied to one argument."""

    name: str
    arg: Node
    pos: int


@dataclass(frozen=True, slots=True)
class Unary:
    """A leading ``+`` or ``-``."""

    op: str
    operand: Node
    pos: int


@dataclass(frozen=True, slots=True)
class Binary:
    """``left op right`` with op one of ``+ - * / ^`` (implicit multiplication is ``*``)."""

    op: str
    left: Node
    right: Node
    pos: int


Node = Num | Const | Func | Unary | Binary

_OPENERS, _CLOSERS = ("(", "["), (")", "]")


class _Parser:
    """Recursive descent: expression := term (± term)*; term := unary ((×|/|juxtaposition) …)*."""

    def __init__(self, tokens: list[Token], text: str, mode: str) -> None:
        self.tokens, self.text, self.mode = tokens, text, mode  # mode: "number" or "vector"
        self.i = 0
        self.depth = 0

    def peek(self) -> Token:
        """The next token, not consumed."""
        return self.tokens[self.i]

    def take(self) -> Token:
        """Consume the next token (the end token is never passed)."""
        tok = self.tokens[self.i]
        self.i += tok.kind != "end"
        return tok

    def shown(self, tok: Token) -> str:
        """A token as the learner typed it, safe to quote in a message."""
        return snippet(self.text[tok.pos : tok.end] or tok.text)

    def nested(self, tok: Token, parse: Callable[[], Node]) -> Node:
        """Parse one level deeper, refusing to go beyond MAX_DEPTH (so no runaway recursion)."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError(
                f"The answer is nested too deeply {at_position(tok.pos)}: "
                f"keep to {MAX_DEPTH} levels of brackets, functions, signs and powers.",
                tok.pos,
            )
        node = parse()
        self.depth -= 1
        return node

    def component(self) -> Node:
        """One number of the answer, at most MAX_TOKENS symbols long."""
        start = self.i
        node = self.expression()
        if self.i - start > MAX_TOKENS:
            raise ParseError(
                f"That expression is too long ({self.i - start} symbols); "
                f"keep each number under {MAX_TOKENS}.",
                self.tokens[start].pos,
            )
        return node

    def expression(self) -> Node:
        """expression := term (('+' | '-') term)*"""
        node = self.term()
        while (tok := self.peek()).kind == "op" and tok.text in "+-":
            self.take()
            node = Binary(tok.text, node, self.term(), tok.pos)
        return node

    def term(self) -> Node:
        """term := unary (('*' | '/') unary | power)*, the bare power being implicit ×."""
        node = self.unary()
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.text in "*/":
                self.take()
                node = Binary(tok.text, node, self.unary(), tok.pos)
            elif tok.kind in ("name", "("):  # implicit multiplication: 2 pi, 2ln(3), 2(1 + 1)
                node = Binary("*", node, self.power(), tok.pos)
            else:
                return node

    def unary(self) -> Node:
        """unary := ('+' | '-') unary | power"""
        tok = self.peek()
        if tok.kind == "op" and tok.text in "+-":
            self.take()  # binds looser than ^, so -2^2 is -(2^2)
            return Unary(tok.text, self.nested(tok, self.unary), tok.pos)
        return self.power()

    def power(self) -> Node:
        """power := atom ('^' unary)?"""
        base = self.atom()
        if (tok := self.peek()).kind == "op" and tok.text == "^":
            self.take()  # right-associative: 2^3^2 is 2^(3^2); exponent may be signed
            return Binary("^", base, self.nested(tok, self.unary), tok.pos)
        return base

    def atom(self) -> Node:
        """atom := number | constant | function (group | unary) | group"""
        tok = self.take()
        if tok.kind == "num":
            return Num(tok.text, tok.pos)
        if tok.kind == "name" and tok.text in CONSTANTS:
            return Const(tok.text, tok.pos)
        if tok.kind == "name":
            if self.peek().kind == "end":
                raise ParseError(
                    f"{tok.text} {at_position(tok.pos)} needs a number to act on, "
                    f"e.g. {tok.text}(0.7).",
                    tok.pos,
                )
            if self.peek().kind == "(":  # ln(0.7)^2 is (ln 0.7)^2 ...
                return Func(tok.text, self.nested(tok, self.group), tok.pos)
            return Func(tok.text, self.nested(tok, self.unary), tok.pos)  # ... ln 0.7^2 is ln(0.49)
        if tok.kind == "(":
            self.i -= 1
            return self.nested(tok, self.group)
        raise self.missing(tok)

    def group(self) -> Node:
        """group := '(' expression ')'"""
        opener = self.take()
        node = self.expression()
        if (tok := self.peek()).kind != ")":
            if tok.kind == "end":
                raise ParseError(
                    f"The '(' {at_position(opener.pos)} is never closed; add a ')'.", opener.pos
                )
            if tok.kind in (",", ";") and self.mode == "vector":
                raise ParseError(
                    f"Found '{tok.kind}' {at_position(tok.pos)} inside '(…)': a list must be "
                    "the whole answer, like [0.1, 0.2, 0.7].",
                    tok.pos,
                )
            raise self.unexpected(tok)
        self.take()
        return node

    def missing(self, tok: Token) -> ParseError:
        """Explain a token found where a number should start."""
        if tok.kind == "end":
            prev = self.tokens[self.i - 1] if self.i else tok
            return ParseError(
                f"The answer stops too early: a number is missing after '{self.shown(prev)}' "
                f"{at_position(prev.pos)}.",
                tok.pos,
            )
        if tok.kind == "[":
            what = "lists cannot be nested" if self.mode == "vector" else "type a single number"
            return ParseError(f"Found '[' {at_position(tok.pos)}: {what}.", tok.pos)
        return ParseError(
            f"I could not read '{self.shown(tok)}' {at_position(tok.pos)}: "
            "expected a number, a function like ln(…) or '('.",
            tok.pos,
        )

    def unexpected(self, tok: Token) -> ParseError:
        """Explain a token left over after a complete number."""
        where = at_position(tok.pos)
        if tok.kind == "num":
            hint = "separate numbers with commas" if self.mode == "vector" else "put + or × between"
            return ParseError(
                f"I could not read '{self.shown(tok)}' {where}: two numbers in a row ({hint}).",
                tok.pos,
            )
        if tok.kind in (")", "]"):
            opener = "(" if tok.kind == ")" else "["
            return ParseError(f"There is no '{opener}' to match the '{tok.kind}' {where}.", tok.pos)
        if tok.kind in (",", ";") and self.mode == "number":
            return ParseError(
                f"Found '{tok.kind}' {where}: type a single number "
                "(use '.' for decimals, e.g. 0.357).",
                tok.pos,
            )
        if tok.kind == "%":
            return ParseError(
                f"Found '%' {where}: percentages are not accepted in a list; "
                "type 0.357 rather than 35.7 %.",
                tok.pos,
            )
        return ParseError(f"I could not read '{self.shown(tok)}' {where}.", tok.pos)

    def items(self, closer: str, opener: Token | None) -> list[Node]:
        """Parse ``expr (sep expr)*`` up to ``closer`` (``]``, ``)`` or the end)."""
        if opener is not None and self.peek().kind == closer:
            raise ParseError("The list is empty: type numbers like [0.1, 0.2, 0.7].", opener.pos)
        nodes = [self.component()]
        while (sep := self.peek()).kind in (",", ";"):
            self.take()
            if self.peek().kind == closer:
                raise ParseError(
                    f"A number is missing after '{sep.kind}' {at_position(sep.pos)}.", sep.pos
                )
            nodes.append(self.component())
        tok = self.take()
        if tok.kind != closer:
            if tok.kind == "end" and opener is not None:
                raise ParseError(
                    f"The '{opener.kind}' {at_position(opener.pos)} is never closed; "
                    f"add a '{closer}'.",
                    opener.pos,
                )
            raise self.unexpected(tok)
        if (tok := self.peek()).kind != "end":
            raise ParseError(
                f"Nothing may follow the closing '{closer}' (found '{self.shown(tok)}' "
                f"{at_position(tok.pos)}).",
                tok.pos,
            )
        return nodes


def parse_scalar(tokens: list[Token], text: str, *, allow_percent: bool) -> tuple[Node, bool]:
    """Parse one number or expression, optionally followed by ``%``; returns (tree, is_percent)."""
    parser = _Parser(tokens, text, "number")
    node = parser.component()
    tok = parser.peek()
    if tok.kind == "%":
        if not allow_percent:
            raise ParseError(
                f"Found '%' {at_position(tok.pos)}: a percentage was not asked for here; "
                "type a decimal, e.g. 0.357 rather than 35.7 %.",
                tok.pos,
            )
        parser.take()
        if (after := parser.peek()).kind != "end":
            raise ParseError(
                f"Nothing may follow '%' (found '{parser.shown(after)}' {at_position(after.pos)}).",
                after.pos,
            )
        return node, True
    if tok.kind != "end":
        raise parser.unexpected(tok)
    return node, False


def parse_list(tokens: list[Token], text: str) -> tuple[list[Node], bool]:
    """Parse a vector ``[a, b]``, ``(a, b)``, ``a; b`` or ``[a b]``; returns (items, bracketed)."""
    parser = _Parser(tokens, text, "vector")
    first, last = tokens[0], len(tokens) - 2  # tokens[-1] is the end token
    close = _closing_index(tokens)
    encloses_all = close == last
    tuple_ = first.kind == "(" and (close is None or encloses_all and _is_tuple(tokens[1:last]))
    if first.kind == "[" or tuple_:
        closer = "]" if first.kind == "[" else ")"
        if encloses_all and tokens[last].kind == closer and (spaced := _spaced(tokens[1:last])):
            return spaced, True
        parser.take()
        return parser.items(closer, first), True
    if spaced := _spaced(tokens[:-1]):
        return spaced, False
    return parser.items("end", None), False


def _closing_index(tokens: list[Token]) -> int | None:
    """Index of the bracket that closes ``tokens[0]``, if it opens one and is closed."""
    depth = 0
    for index, tok in enumerate(tokens):
        depth += (tok.kind in _OPENERS) - (tok.kind in _CLOSERS)
        if depth <= 0:
            return index if index else None
    return None


def _is_tuple(inner: list[Token]) -> bool:
    """Whether bracket contents are a list (a top-level separator, or spaced numbers)."""
    depth = 0
    for tok in inner:
        depth += (tok.kind in _OPENERS) - (tok.kind in _CLOSERS)
        if depth == 0 and tok.kind in (",", ";"):
            return True
    return _spaced(inner) is not None


def _spaced(tokens: list[Token]) -> list[Node] | None:
    """Read numpy-style ``0.5 -0.2 0.7`` as a list: plain numbers apart, signs stuck to digits.

    Only plain (optionally signed) numbers qualify, so ``0.5 - 0.2`` and ``0.5-0.2`` stay
    subtractions and ``2 pi`` stays a product.
    """
    nodes: list[Node] = []
    i, prev_end = 0, -1
    while i < len(tokens):
        sign, tok = None, tokens[i]
        if tok.kind == "op" and tok.text in "+-":
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is None or nxt.kind != "num" or nxt.pos != tok.end or tok.pos == prev_end:
                return None
            sign, tok, i = tok, nxt, i + 1
        if tok.kind != "num":
            return None
        num = Num(tok.text, tok.pos)
        nodes.append(Unary(sign.text, num, sign.pos) if sign else num)
        prev_end, i = tok.end, i + 1
    return nodes if len(nodes) >= 2 else None
