"""Reading an "explain it" answer for meaning: which key points its sentences make.

Looking for phrases anywhere in the text passed keyword lists and negated
statements and failed correct answers in other words. Here a key point is made
by one sentence that is a statement (it has a verb and is not a list of terms)
and that says the thing together with what is claimed about it: "log" alone
is not the point, "the log of the probability grows without bound" is. A
negation that governs a claim cancels it ("does not grow"), a "no"/"not" right
before a thing denies it ("no softmax"); a few claims are made by denying
("is not bounded"). Words are compared by their Snowball stems, so "penalises",
"penalised" and "penalising" are one word.

A type may also list false claims (cross-entropy is symmetric, the loss is at
most 1): a sentence that states one, with no negation, makes the answer wrong
however many points it makes, unless the sentence first disowns it as what
others believe ("a common mistake is to think …", "people sometimes think …").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from quizapp.engine._sentences import NEGATORS, Sentence, normalise, read_sentence, split_sentences
from quizapp.engine._sentences import stem as _stem
from quizapp.engine._verbs import _words

#: Words a phrase may skip between two of its words ("the log of [the] probability").
_SKIPPABLE = _words("a an the its their our this these those any some")


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]  # stems, or prefixes where ``prefix`` says so
    prefix: tuple[bool, ...]
    polarity: str  # "+" stated, "~" stated by denying it, "±" either way
    literal: tuple[str, ...]  # stems of the words as written, to find a literal "no"/"not"


@dataclass(frozen=True)
class Terms:
    """Words that say one thing; any one of them fills a slot of a ``Meaning``."""

    phrases: tuple[_Phrase, ...]
    thing: bool  # a thing is denied by "no"/"not" just before it; a claim by any negation


def _phrase(spec: str) -> _Phrase:
    polarity = spec[0] if spec[0] in "~±" else "+"
    words: list[str] = []
    prefix: list[bool] = []
    for raw in spec.lstrip("~±").split():
        if raw.endswith("*"):
            words.append(raw[:-1].lower())
            prefix.append(True)
            continue
        for token in normalise(raw):
            words.append(_stem(token))
            prefix.append(False)
    literal = tuple(
        _stem(t) for raw in spec.lstrip("~±").split() for t in normalise(raw.rstrip("*"))
    )
    return _Phrase(tuple(words), tuple(prefix), polarity, literal)


def _phrases(specs: tuple[str, ...]) -> tuple[_Phrase, ...]:
    return tuple(_phrase(p.strip()) for spec in specs for p in spec.split("|") if p.strip())


def claims(*specs: str) -> Terms:
    """What is said about a thing, "|" between alternatives: "grow* | without bound | ~bounded".

    A trailing "*" matches any ending, "~" marks a claim made by denying it ("is not
    bounded"), "±" one that counts either way; other words match by their stems.
    """
    return Terms(_phrases(specs), thing=False)


def things(*specs: str) -> Terms:
    """The things a point is about, "|" between alternatives: "log | softmax | distribution*"."""
    return Terms(_phrases(specs), thing=True)


def either(*groups: Terms) -> Terms:
    """One slot filled by any of several groups of terms."""
    return Terms(tuple(p for g in groups for p in g.phrases), thing=all(g.thing for g in groups))


@dataclass(frozen=True)
class Meaning:
    """Terms that must all appear in one sentence (in this order if ``ordered``)."""

    slots: tuple[Terms, ...]
    ordered: bool = False
    unless: Terms | None = None  # none of these in the sentence (or, for a false claim, clause)
    #: For a false claim, look for ``unless`` in the whole sentence, not only its clauses.
    unless_in_sentence: bool = False
    #: (about, rather than): for a false claim, the sentence is not about what the claim is
    #: about when it names ``about`` before any of ``rather than``. "With 1 − p, …, so a
    #: confident mistake barely costs more" is about the difference; "The log grows more
    #: slowly than a plain difference, so confident mistakes cost little" is about the log.
    topic: tuple[Terms, Terms] | None = None


def together(
    *slots: Terms,
    unless: Terms | None = None,
    unless_in_sentence: bool = False,
    topic: tuple[Terms, Terms] | None = None,
) -> Meaning:
    """A meaning whose terms may come in any order."""
    return Meaning(slots, False, unless, unless_in_sentence, topic)


def in_order(
    *slots: Terms,
    unless: Terms | None = None,
    unless_in_sentence: bool = False,
    topic: tuple[Terms, Terms] | None = None,
) -> Meaning:
    """A meaning whose terms must come in this order ("cross-entropy … at least … entropy")."""
    return Meaning(slots, True, unless, unless_in_sentence, topic)


@dataclass(frozen=True)
class FalseClaim:
    """A confident claim that is wrong, and the correction the feedback gives."""

    id: str
    correction: str
    meanings: tuple[Meaning, ...]


class PointLike(Protocol):
    """What ``read_answer`` needs of a key point."""

    @property
    def id(self) -> str: ...

    @property
    def meanings(self) -> tuple[Meaning, ...]: ...


@dataclass(frozen=True)
class Reading:
    """What an answer says: its statements, the sentence behind each point, its false claims."""

    statements: int  # in words: formulas make points but do not replace the explaining
    evidence: dict[str, str]  # key point id → the learner's sentence that made it
    false_claims: list[tuple[FalseClaim, str]]


def read_answer(
    text: str, points: Sequence[PointLike], false_claims: Sequence[FalseClaim] = ()
) -> Reading:
    """Which of ``points`` the sentences of ``text`` make, and which false claims they state."""
    meanings = tuple(m for p in points for m in p.meanings) + tuple(
        m for c in false_claims for m in c.meanings
    )
    neutral = _literal_negations(meanings)
    sentences = [read_sentence(t, neutral) for t in split_sentences(text)]
    statements = [s for s in sentences if s.real]
    evidence: dict[str, str] = {}
    for point in points:
        for sentence in statements:
            if any(_find(m, sentence, strict=False) for m in point.meanings):
                evidence[point.id] = sentence.text
                break
    wrong = []
    for claim in false_claims:
        for sentence in sentences:
            if len(sentence.words) >= 3 and any(
                (spans := _match(m, sentence, strict=True)) is not None
                and not _disowned(sentence, min(start for start, _ in spans))
                for m in claim.meanings
            ):
                wrong.append((claim, sentence.text))
                break
    return Reading(sum(s.prose for s in statements), evidence, wrong)


#: Nouns and phrases that present what follows as a mistake ("a common mistake is to think").
_MISTAKE_FRAMES = tuple(
    tuple(_stem(w) for w in phrase.split())
    for phrase in (
        "misconception",
        "misconceptions",
        "myth",
        "misunderstanding",
        "pitfall",
        "common mistake",
        "common error",
        "mistake is",
        "mistake to",
        "error is to",
        "wrong to",
        "incorrect to",
        "tempting to",
        "naive",
        "naively",
    )
)
#: Verbs of belief or saying, and who holds the belief when it is not the speaker's own.
_BELIEFS = _words("think thinks believe believes assume assumes say says claim claims imagine")
_OTHERS = _words("people some many others beginners students newcomers folks one someone")


def _disowned(sentence: Sentence, start: int) -> bool:
    """Whether the words before ``start`` present the claim as others' belief or a mistake."""
    # Only in the claim's own clause: "some say they differ, but it is symmetric" asserts it.
    clause = sentence.clause[start]
    before = sentence.stems[:start]
    for phrase in _MISTAKE_FRAMES:
        size = len(phrase)
        if any(
            before[i : i + size] == phrase and sentence.clause[i] == clause
            for i in range(len(before) - size + 1)
        ):
            return True
    words = sentence.words[:start]
    return any(
        word in _BELIEFS and any(w in _OTHERS for w in words[max(0, i - 3) : i])
        for i, word in enumerate(words)
        if sentence.clause[i] == sentence.clause[start]
    )


def makes(meanings: Iterable[Meaning], text: str) -> bool:
    """Whether one statement of ``text`` has one of ``meanings`` (for tests and authoring)."""
    meanings = tuple(meanings)
    neutral = _literal_negations(meanings)
    return any(
        _find(m, s, strict=False)
        for s in (read_sentence(t, neutral) for t in split_sentences(text))
        if s.real
        for m in meanings
    )


@lru_cache(maxsize=256)
def _literal_negations(meanings: tuple[Meaning, ...]) -> frozenset[tuple[str, ...]]:
    """Phrases such as "without bound" whose "no"/"not" is part of the claim, not a negation."""
    found = set()
    for meaning in meanings:
        groups = (*meaning.slots, *((meaning.unless,) if meaning.unless else ()))
        for terms in groups:
            for phrase in terms.phrases:
                if any(w in NEGATORS for w in phrase.literal):
                    found.add(phrase.literal)
    return frozenset(found)


def _find(meaning: Meaning, sentence: Sentence, *, strict: bool) -> bool:
    """Whether ``sentence`` has every slot of ``meaning``, each in a span of its own."""
    return _match(meaning, sentence, strict=strict) is not None


def _match(meaning: Meaning, sentence: Sentence, *, strict: bool) -> list[tuple[int, int]] | None:
    """The spans, one per slot, where ``sentence`` has ``meaning``; None if it has not."""
    candidates = [_spans(terms, sentence, strict) for terms in meaning.slots]
    if not all(candidates):
        return None
    if strict and meaning.topic is not None and _first_named(sentence, *meaning.topic):
        return None
    for chosen in _combinations(candidates, meaning.ordered):
        if meaning.unless is None:
            return chosen
        clauses = (
            {sentence.clause[start] for start, _ in chosen}
            if strict and not meaning.unless_in_sentence
            else None
        )
        if not _present(meaning.unless, sentence, clauses):
            return chosen
    return None


def _combinations(candidates: list[list[tuple[int, int]]], ordered: bool):
    """Choices of one span per slot that do not overlap (and increase, if ordered)."""

    def extend(index: int, chosen: list[tuple[int, int]]):
        if index == len(candidates):
            yield list(chosen)
            return
        for span in candidates[index]:
            if ordered and chosen and span[0] < chosen[-1][1]:
                continue
            if any(span[0] < end and start < span[1] for start, end in chosen):
                continue
            chosen.append(span)
            yield from extend(index + 1, chosen)
            chosen.pop()

    return extend(0, [])


def _first_named(sentence: Sentence, about: Terms, rather: Terms) -> bool:
    """Whether ``sentence`` names ``about`` before it names anything of ``rather``."""

    def first(terms: Terms) -> int | None:
        starts = [s for p in terms.phrases for s, _ in _occurrences(p, sentence)]
        return min(starts) if starts else None

    named, other = first(about), first(rather)
    return named is not None and (other is None or named < other)


def _present(terms: Terms, sentence: Sentence, clauses: set[int] | None) -> bool:
    """Whether any of ``terms`` occurs (in one of ``clauses``, if given), negated or not."""
    for phrase in terms.phrases:
        for start, _end in _occurrences(phrase, sentence):
            if clauses is None or sentence.clause[start] in clauses:
                return True
    return False


def _spans(terms: Terms, sentence: Sentence, strict: bool) -> list[tuple[int, int]]:
    """(start, end) of each occurrence of ``terms`` whose negation fits its polarity."""
    spans = []
    for phrase in terms.phrases:
        for start, end in _occurrences(phrase, sentence):
            if terms.thing:
                denied = sentence.denied_thing(start)
            elif strict:  # for a false claim, any negation earlier in the clause cancels it
                denied = any(
                    p < start and sentence.clause[p] == sentence.clause[start]
                    for p in sentence.negators
                )
            else:
                denied = sentence.negated[start]
            if phrase.polarity == "±" or (phrase.polarity == "~") == denied:
                spans.append((start, end))
    return spans


def _occurrences(phrase: _Phrase, sentence: Sentence) -> list[tuple[int, int]]:
    """Where ``phrase`` occurs, allowing one article or possessive between its words."""
    found = []
    size = len(sentence.words)
    if phrase.prefix[0]:
        starts = sentence.starting_with(phrase.words[0])
    else:
        starts = sentence.index.get(phrase.words[0], [])
    for start in starts:
        position, ok = start, True
        for k in range(1, len(phrase.words)):
            position += 1
            if (
                position < size
                and sentence.words[position] in _SKIPPABLE
                and not _word_matches(phrase, k, sentence, position)
            ):
                position += 1
            if position >= size or not _word_matches(phrase, k, sentence, position):
                ok = False
                break
        if ok:
            found.append((start, position + 1))
    return found


def _word_matches(phrase: _Phrase, k: int, sentence: Sentence, position: int) -> bool:
    if phrase.prefix[k]:
        return sentence.words[position].startswith(phrase.words[k])
    return sentence.stems[position] == phrase.words[k]


#: Statements an answer needs before it can pass: a one-liner is not a minute's explanation.
MIN_STATEMENTS = 2


@dataclass(frozen=True)
class Verdict:
    """How an explanation fares: points made (with their sentences), missed, and why not."""

    correct: bool
    share: float  # of the key points, made or self-assessed
    diagnosis: str | None  # "false_claim" | "not_sentences" | "key_points_missed" | None
    message: str
    covered: list[str]
    missed: list[str]
    claimed: list[str]  # self-assessed points the checker had missed
    evidence: dict[str, str]


def judge(
    text: str,
    points: Sequence[PointLike],
    false_claims: Sequence[FalseClaim],
    *,
    pass_share: float,
    self_assessed: Iterable[str] = (),
    describe: dict[str, str] | None = None,
) -> Verdict:
    """Grade an explanation: enough points made in statements, no false claim.

    ``self_assessed`` points count as made (the learner says the checker missed
    them) but do not lift the other conditions; ``describe`` maps point ids to
    the text that names a missed point.
    """
    reading = read_answer(text, points, false_claims)
    wanted = set(self_assessed)
    covered = [p.id for p in points if p.id in reading.evidence]
    claimed = [p.id for p in points if p.id not in reading.evidence and p.id in wanted]
    covered_all = set(covered) | set(claimed)
    missed = [p.id for p in points if p.id not in covered_all]
    share = len(covered_all) / len(points) if points else 1.0
    messages = [
        f"Not so: “{sentence.rstrip('.')}”. {claim.correction}"
        for claim, sentence in reading.false_claims
    ]
    if reading.statements == 0:
        messages.append(
            "Say it in full sentences that state what each idea does; a list of "
            "terms names the ideas without explaining them."
        )
    elif reading.statements < MIN_STATEMENTS:
        messages.append(
            f"Take the minute: make at least {MIN_STATEMENTS} statements in full "
            "sentences, not a one-liner."
        )
    names = describe or {}
    if missed:
        messages.append(
            "Points to add: " + "; ".join(names.get(m, m).rstrip(".") for m in missed) + "."
        )
    elif not messages:
        messages.append("You covered every key point.")
    if reading.false_claims:
        diagnosis: str | None = "false_claim"
    elif reading.statements < MIN_STATEMENTS:
        diagnosis = "not_sentences"
    elif share < pass_share:
        diagnosis = "key_points_missed"
    else:
        diagnosis = None
    return Verdict(
        diagnosis is None,
        share,
        diagnosis,
        " ".join(messages),
        covered + claimed,
        missed,
        claimed,
        {pid: reading.evidence[pid] for pid in covered},
    )
