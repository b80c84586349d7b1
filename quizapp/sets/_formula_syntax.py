"""Syntax trees for authors' formulas: a tokenizer and a recursive-descent parser, no eval.

The learner's answer parser (``quizapp.engine._answer_syntax``) is tuned to forgive what people
type (implicit ×, ``ln 0.7`` without brackets). Authors write formulas with variables, vectors,
indexing and functions of several arguments, and a typo there should be an error, not a guess;
so this grammar is stricter and separate:

    expression := term (('+' | '-') term)*
    term       := unary (('*' | '/') unary)*
    unary      := ('+' | '-') unary | power
    power      := postfix ('^' unary)?          (right-associative; -2^2 is -4)
    postfix    := atom ('[' expression ']')*    (0-based indexing)
    atom       := number | name | name '(' arguments ')' | '(' expression ')' | '[' items ']'

Work is bounded by :data:`MAX_FORMULA_CHARS` and :data:`MAX_DEPTH`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_FORMULA_CHARS = 500
MAX_DEPTH = 40


class FormulaError(ValueError):
    """A formula cannot be read or computed; ``position`` (0-based) says where, if known."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class Num:
    value: float
    pos: int


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    pos: int


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Node, ...]
    pos: int


@dataclass(frozen=True, slots=True)
class Unary:
    op: str
    operand: Node
    pos: int


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Node
    right: Node
    pos: int


@dataclass(frozen=True, slots=True)
class Vector:
    items: tuple[Node, ...]
    pos: int


@dataclass(frozen=True, slots=True)
class Index:
    target: Node
    index: Node
    pos: int


Node = Num | Name | Call | Unary | Binary | Vector | Index

_TOKEN = re.compile(
    r"\s*(?:(?P<num>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>\*\*|[-+*/^(),\[\]−×·]))"
)
_OPS = {"**": "^", "−": "-", "×": "*", "·": "*"}


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "num", "name", "op" or "end"
    text: str
    pos: int


def _tokenize(text: str) -> list[_Token]:
    tokens, i = [], 0
    while i < len(text):
        match = _TOKEN.match(text, i)
        if not match or match.end() == i:
            rest = text[i:].lstrip()
            if not rest:
                break
            pos = len(text) - len(rest)
            raise FormulaError(f"unexpected '{rest[0]}' at position {pos + 1}", pos)
        kind = match.lastgroup or "op"
        raw = match.group(kind)
        tokens.append(_Token(kind, _OPS.get(raw, raw), match.start(kind)))
        i = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


def parse_formula(text: str) -> Node:
    """The syntax tree of ``text``; raises ``FormulaError`` saying what is wrong and where."""
    if not isinstance(text, str):
        raise FormulaError(f"a formula must be text, not {type(text).__name__}")
    if not text.strip():
        raise FormulaError("the formula is empty")
    if len(text) > MAX_FORMULA_CHARS:
        raise FormulaError(f"the formula is longer than {MAX_FORMULA_CHARS} characters")
    parser = _Parser(_tokenize(text))
    node = parser.expression()
    if (tok := parser.peek()).kind != "end":
        raise parser.unexpected(tok)
    return node


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens, self.i, self.depth = tokens, 0, 0

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def at(self, text: str) -> bool:
        tok = self.peek()
        return tok.kind == "op" and tok.text == text

    def expect(self, text: str, opener: _Token) -> None:
        if not self.at(text):
            tok = self.peek()
            if tok.kind == "end":
                raise FormulaError(
                    f"'{opener.text}' at position {opener.pos + 1} is never closed", opener.pos
                )
            raise self.unexpected(tok)
        self.take()

    def unexpected(self, tok: _Token) -> FormulaError:
        if tok.kind == "end":
            return FormulaError("the formula stops too early", tok.pos)
        hint = " (write * to multiply)" if tok.kind in ("num", "name") or tok.text in "([" else ""
        return FormulaError(f"unexpected '{tok.text}' at position {tok.pos + 1}{hint}", tok.pos)

    def nested(self, tok: _Token, rule):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(f"the formula nests deeper than {MAX_DEPTH} levels", tok.pos)
        try:
            return rule()
        finally:
            self.depth -= 1

    def expression(self) -> Node:
        node = self.term()
        while self.at("+") or self.at("-"):
            tok = self.take()
            node = Binary(tok.text, node, self.term(), tok.pos)
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.at("*") or self.at("/"):
            tok = self.take()
            node = Binary(tok.text, node, self.unary(), tok.pos)
        return node

    def unary(self) -> Node:
        if self.at("+") or self.at("-"):
            tok = self.take()
            return Unary(tok.text, self.nested(tok, self.unary), tok.pos)
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if self.at("^"):
            tok = self.take()
            return Binary("^", base, self.nested(tok, self.unary), tok.pos)
        return base

    def postfix(self) -> Node:
        node = self.atom()
        while self.at("["):
            tok = self.take()
            index = self.nested(tok, self.expression)
            self.expect("]", tok)
            node = Index(node, index, tok.pos)
        return node

    def atom(self) -> Node:
        tok = self.take()
        if tok.kind == "num":
            return Num(float(tok.text), tok.pos)
        if tok.kind == "name":
            if self.at("("):
                opener = self.take()
                return Call(tok.text, self.nested(tok, lambda: self.items(")", opener)), tok.pos)
            return Name(tok.text, tok.pos)
        if tok.kind == "op" and tok.text == "(":
            node = self.nested(tok, self.expression)
            self.expect(")", tok)
            return node
        if tok.kind == "op" and tok.text == "[":
            return Vector(self.nested(tok, lambda: self.items("]", tok)), tok.pos)
        self.i -= 1
        raise self.unexpected(tok)

    def items(self, closer: str, opener: _Token) -> tuple[Node, ...]:
        if self.at(closer):
            self.take()
            return ()
        nodes = [self.expression()]
        while self.at(","):
            self.take()
            nodes.append(self.expression())
        self.expect(closer, opener)
        return tuple(nodes)


def names_in(node: Node) -> set[str]:
    """Every variable name a tree reads."""
    if isinstance(node, Name):
        return {node.name}
    children: tuple[Node, ...] = ()
    if isinstance(node, Call | Vector):
        children = node.args if isinstance(node, Call) else node.items
    elif isinstance(node, Unary):
        children = (node.operand,)
    elif isinstance(node, Binary):
        children = (node.left, node.right)
    elif isinstance(node, Index):
        children = (node.target, node.index)
    return set().union(*(names_in(child) for child in children)) if children else set()


def calls_in(node: Node) -> list[Call]:
    """Every function call in a tree, outermost first."""
    found: list[Call] = []
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Call):
            found.append(current)
            stack.extend(reversed(current.args))
        elif isinstance(current, Vector):
            stack.extend(reversed(current.items))
        elif isinstance(current, Unary):
            stack.append(current.operand)
        elif isinstance(current, Binary):
            stack.extend((current.right, current.left))
        elif isinstance(current, Index):
            stack.extend((current.index, current.target))
    return found
