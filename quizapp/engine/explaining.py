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

A list cannot hold every wrong statement, so each key point also brings its own
denial: the point's meaning with its relation replaced by what contradicts it
(``Opposite``: "grows without bound" against "is bounded", "the same" against
"different", "prediction minus target" against "target minus prediction"), or
with the relation negated. ``deny`` derives these from the points' slots, so a
new point gets its denial without a new list; a denial must sit in one clause,
outside contrasts and hypotheticals ("unlike …", "a difference would …"). And a
sentence earns a point only if no clause of its match also names a contrary
("it keeps the gradient constant" is not "the gradient is prediction minus
target"). A sentence that opens with "it" or "this" is also read with the
previous sentence's subject in its place (a later "it" with its own subject), so
"Categorical CE is for many classes. It uses a sigmoid on each output." states
what it seems to. A few claims no phrase can say are tests instead (numbers that
put the cost in the wrong order).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

from quizapp.engine._sentences import (
    FUNCTION_WORDS,
    NEGATORS,
    Sentence,
    normalise,
    read_sentence,
    resolve_pronoun,
    split_sentences,
    subject_of,
    with_neutral,
)
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
    #: Every slot in one clause: "the gradient stays constant", not "…, which …, constant".
    one_clause: bool = False
    #: For a key point: what contradicts it; a clause of its match naming one earns nothing.
    contrary: Terms | None = None
    #: For a denial: the point's meaning it denies; a clause that makes that meaning too
    #: states both and is not read as a denial.
    denies: Meaning | None = None
    #: For a false claim: none of these anywhere in the sentence ("Unlike softmax, where
    #: classes compete, …" sets all of it against something else).
    unless_sentence: Terms | None = None
    #: For a denial: not read in a sentence that makes the point anywhere (not only in the
    #: denial's clause).
    denies_anywhere: bool = False
    #: For a denial: which slot holds the opposite of the point's relation.
    denied_slot: int = 0


def together(
    *slots: Terms,
    unless: Terms | None = None,
    unless_in_sentence: bool = False,
    topic: tuple[Terms, Terms] | None = None,
    one_clause: bool = False,
) -> Meaning:
    """A meaning whose terms may come in any order."""
    return Meaning(slots, False, unless, unless_in_sentence, topic, one_clause)


def in_order(
    *slots: Terms,
    unless: Terms | None = None,
    unless_in_sentence: bool = False,
    topic: tuple[Terms, Terms] | None = None,
    one_clause: bool = False,
) -> Meaning:
    """A meaning whose terms must come in this order ("cross-entropy … at least … entropy")."""
    return Meaning(slots, True, unless, unless_in_sentence, topic, one_clause)


@dataclass(frozen=True)
class FalseClaim:
    """A confident claim that is wrong, and the correction the feedback gives."""

    id: str
    correction: str
    meanings: tuple[Meaning, ...]
    #: The key point this claim denies, when ``deny`` derived it from that point.
    denies: str | None = None
    #: A claim no phrase can say, such as numbers in the wrong order: where in the
    #: sentence it is stated, or None.
    test: Callable[[Sentence], int | None] | None = None


@dataclass(frozen=True)
class Opposite:
    """A relation a key point may state, and what contradicts it.

    A point whose slot says any of ``says`` is denied by a sentence that says
    ``denied_by`` (or ``says`` negated) in its place, with the point's other slots
    kept: the unbounded point's "grows without bound" is denied by "is bounded",
    "the same" by "different". ``context``: only for meanings with another slot that
    says one of these ("punished hard" is denied by "cheap" only of confident
    mistakes). ``unless``: words that keep a sentence from being read as a denial.
    """

    says: Terms
    denied_by: Terms
    unless: Terms | None = None
    context: Terms | None = None


#: Words that set what a clause says against something else, or only suppose it.
CONTRASTS = claims(
    "unlike | instead | rather than | whereas | versus | compared | in contrast | by contrast |"
    " as opposed"
)
HYPOTHETICALS = claims("would | could | might | suppose | imagine")


def _shares(terms: Terms, other: Terms) -> bool:
    return not set(terms.phrases).isdisjoint(other.phrases)


def _flipped(phrases: Iterable[_Phrase]) -> list[_Phrase]:
    """``phrases`` stated by denying them, and the other way round ("bounded" ↔ "~bounded")."""
    flipped = []
    for phrase in phrases:
        if phrase.polarity == "±" or any(w in NEGATORS for w in phrase.literal):
            continue
        if all(w in FUNCTION_WORDS for w in phrase.literal):
            continue
        flipped.append(replace(phrase, polarity="~" if phrase.polarity == "+" else "+"))
    return flipped


def deny(
    points: Sequence[PointLike],
    opposites: Sequence[Opposite],
    *,
    foil: Terms | None = None,
    subject: Terms | None = None,
) -> tuple[list[PointLike], list[FalseClaim]]:
    """The points with what contradicts each of their meanings, and a denial of each point.

    For every claim slot of a point's meaning that says what an ``Opposite`` says, a
    denial is the meaning with that slot replaced by the opposite, and another with it
    replaced by the relation negated; either must sit in one clause, in a sentence with
    no contrast or hypothetical and (unless the point is about it) no ``foil``, what
    answers set the subject against ("a plain difference would be bounded"). A point
    about the foil is instead not denied in a sentence that names the ``subject``. The
    points come back with their ``contrary``: what a clause must not say to earn them.
    """
    derived_points: list[PointLike] = []
    denials: list[FalseClaim] = []
    for point in points:
        about_foil = foil is not None and any(
            slot.thing and _shares(slot, foil) for m in point.meanings for slot in m.slots
        )
        guards = (subject,) if about_foil else (HYPOTHETICALS, foil)
        meanings, denying = [], []
        for meaning in point.meanings:
            # Anywhere in the sentence: "we'd use a softmax, where classes compete".
            beside = either(*(g for g in (CONTRASTS, meaning.unless, *guards) if g is not None))
            contrary: list[_Phrase] = []
            for i, slot in enumerate(meaning.slots):
                if slot.thing:
                    continue
                others = meaning.slots[:i] + meaning.slots[i + 1 :]
                opposed: list[_Phrase] = []  # what says the opposite
                negated: list[_Phrase] = []  # the relation itself, negated
                unless: list[Terms] = []  # in the denial's own clause
                for op in opposites:
                    said = [ph for ph in slot.phrases if ph in set(op.says.phrases)]
                    if not said:
                        continue
                    if op.context is not None and not any(
                        o.thing == op.context.thing and _shares(o, op.context) for o in others
                    ):
                        continue
                    if any(_shares(o, op.denied_by) for o in meaning.slots):
                        continue  # the meaning says the opposite too: not this relation
                    opposed += op.denied_by.phrases
                    negated += _flipped(said)
                    if op.unless is not None:
                        unless.append(op.unless)
                in_clause = either(*unless) if unless else None
                # See ``_made_too`` for when a sentence that denies also makes the point.
                for against, anywhere in ((opposed, False), (negated, True)):
                    against = list(dict.fromkeys(against))
                    if not against:
                        continue
                    contrary += against
                    slots = (
                        *meaning.slots[:i],
                        Terms(tuple(against), thing=False),
                        *meaning.slots[i + 1 :],
                    )
                    denying.append(
                        Meaning(
                            slots,
                            meaning.ordered,
                            in_clause,
                            topic=meaning.topic,
                            one_clause=True,
                            denies=meaning,
                            unless_sentence=beside,
                            denies_anywhere=anywhere,
                            denied_slot=i,
                        )
                    )
            contrary = list(dict.fromkeys(contrary))
            meanings.append(
                replace(meaning, contrary=Terms(tuple(contrary), thing=False))
                if contrary
                else meaning
            )
        derived_points.append(replace(point, meanings=tuple(meanings)))  # type: ignore[type-var]
        if denying:
            denials.append(
                FalseClaim(f"denies_{point.id}", point.text, tuple(denying), denies=point.id)
            )
    return derived_points, denials


class PointLike(Protocol):
    """What ``read_answer`` needs of a key point."""

    @property
    def id(self) -> str: ...

    @property
    def meanings(self) -> tuple[Meaning, ...]: ...

    @property
    def text(self) -> str: ...


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
    readings = _with_subjects(sentences, neutral)
    opening = _opening_negations(neutral)
    if opening == neutral:
        denial_readings = readings
    else:
        denial_readings = [
            [with_neutral(variant, opening) for variant in variants] for variants in readings
        ]
    wrong = []
    flagged: set[int] = set()  # sentences a listed claim caught: no denial repeats them
    for claim in sorted(false_claims, key=lambda c: c.denies is not None):
        for number, variants in enumerate(readings if claim.denies is None else denial_readings):
            if claim.denies is not None and number in flagged:
                continue
            if any(_states(claim, sentence) for sentence in variants):
                wrong.append((claim, sentences[number].text))
                flagged.add(number)
                break
    return Reading(sum(s.prose for s in statements), evidence, wrong)


def _states(claim: FalseClaim, sentence: Sentence) -> bool:
    """Whether ``sentence`` asserts ``claim`` (and does not disown it)."""
    if len(sentence.words) < 3:
        return False
    if claim.test is not None:
        start = claim.test(sentence)
        if start is not None and not _disowned(sentence, start):
            return True
    return any(
        (spans := _match(m, sentence, strict=True)) is not None
        and not _disowned(sentence, min(start for start, _ in spans))
        for m in claim.meanings
    )


def _with_subjects(sentences: list[Sentence], neutral: frozenset) -> list[list[Sentence]]:
    """Each sentence, and for one that opens with "it"/"this", it with the subject before it."""
    readings = []
    subject: tuple[str, ...] | None = None
    for sentence in sentences:
        variants = [sentence]
        resolved = resolve_pronoun(sentence, subject, neutral)
        if resolved is not None:
            variants.append(resolved)
        subject = subject_of(sentence) or (subject if resolved is not None else None)
        readings.append(variants)
    return readings


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
def _opening_negations(neutral: frozenset[tuple[str, ...]]) -> frozenset[tuple[str, ...]]:
    """Of ``neutral``, the phrases that open with their negation ("without bound").

    Denials read sentences with only these: in "can not work with", listed as a claim of
    its own, the "not" still governs what follows ("it can not work with one-hot targets"
    denies them).
    """
    return frozenset(phrase for phrase in neutral if phrase[0] in NEGATORS)


_LITERAL_CACHE: dict[tuple[int, ...], tuple[tuple[Meaning, ...], frozenset]] = {}


def _literal_negations(meanings: tuple[Meaning, ...]) -> frozenset[tuple[str, ...]]:
    """Phrases such as "without bound" whose "no"/"not" is part of the claim, not a negation.

    Cached by the meanings' identities: hashing them by value costs more than the answer.
    The cache keeps the meanings alive, so their ids are not reused while they are keys.
    """
    key = tuple(map(id, meanings))
    if (hit := _LITERAL_CACHE.get(key)) is not None:
        return hit[1]
    if len(_LITERAL_CACHE) >= 256:
        _LITERAL_CACHE.clear()
    found = _find_literal_negations(meanings)
    _LITERAL_CACHE[key] = (meanings, found)
    return found


def _find_literal_negations(meanings: tuple[Meaning, ...]) -> frozenset[tuple[str, ...]]:
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


def _match(
    meaning: Meaning,
    sentence: Sentence,
    *,
    strict: bool,
    within: int | None = None,
    avoid: tuple[int, int] | None = None,
    before: tuple[int, int] | None = None,
) -> list[tuple[int, int]] | None:
    """The spans, one per slot, where ``sentence`` has ``meaning``; None if it has not.

    ``within``: only spans in that clause; ``avoid``: none overlapping that span;
    ``before``: (slot, position) the slot's span ends by then. A point's match (not
    strict) skips clauses that also name a contrary of it; a denial (strict) is not
    read where the sentence makes the point it denies (see ``_made_too``).
    """
    candidates = []
    for terms in meaning.slots:
        spans = _spans(terms, sentence, strict)
        if not spans:
            return None
        candidates.append(spans)
    if within is not None:
        candidates = [[s for s in spans if sentence.clause[s[0]] == within] for spans in candidates]
    if avoid is not None:
        candidates = [
            [s for s in spans if s[1] <= avoid[0] or avoid[1] <= s[0]] for spans in candidates
        ]
    if before is not None:
        slot, position = before
        candidates[slot] = [s for s in candidates[slot] if s[1] <= position]
    if not all(candidates):
        return None
    if strict and meaning.topic is not None and _first_named(sentence, *meaning.topic):
        return None
    if strict and meaning.unless_sentence and _present(meaning.unless_sentence, sentence, None):
        return None
    if meaning.denies is not None:
        # An opposite inside the point's own wording is none: "below" in "bounded below".
        own = [
            o
            for ph in meaning.denies.slots[meaning.denied_slot].phrases
            for o in _occurrences(ph, sentence)
        ]
        candidates[meaning.denied_slot] = [
            s
            for s in candidates[meaning.denied_slot]
            if not any(o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0] for o in own)
        ]
        if not candidates[meaning.denied_slot]:
            return None
    contrary: set[int] = set()
    if not strict and meaning.contrary is not None:
        contrary = {sentence.clause[s] for s, _ in _spans(meaning.contrary, sentence, True)}
    for chosen in _combinations(candidates, meaning.ordered):
        clauses = {sentence.clause[start] for start, _ in chosen}
        if (meaning.one_clause and len(clauses) > 1) or clauses & contrary:
            continue
        if meaning.unless is not None and _present(
            meaning.unless,
            sentence,
            clauses if strict and not meaning.unless_in_sentence else None,
        ):
            continue
        if meaning.denies is not None and _made_too(meaning, sentence, chosen):
            continue
        return chosen
    return None


def _made_too(denial: Meaning, sentence: Sentence, chosen: list[tuple[int, int]]) -> bool:
    """Whether the sentence also makes the point ``denial`` denies, and so corrects itself.

    A negated relation next to the point anywhere in the sentence is a correction ("we
    sum, not average"). An opposite is one only when its clause states the point first
    ("zero for p = 1 and infinite for p = 0"); stated first, the opposite is the claim
    ("we multiply the losses to get the total").
    """
    assert denial.denies is not None
    span = chosen[denial.denied_slot]
    if denial.denies_anywhere:
        return _match(denial.denies, sentence, strict=False, avoid=span) is not None
    return (
        _match(
            denial.denies,
            sentence,
            strict=False,
            within=sentence.clause[span[0]],
            avoid=span,
            before=(denial.denied_slot, span[0]),
        )
        is not None
    )


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
    index = sentence.index
    for phrase in terms.phrases:
        if not phrase.prefix[0] and phrase.words[0] not in index:
            continue
        for start, _end in _occurrences(phrase, sentence):
            if clauses is None or sentence.clause[start] in clauses:
                return True
    return False


def _spans(terms: Terms, sentence: Sentence, strict: bool) -> list[tuple[int, int]]:
    """(start, end) of each occurrence of ``terms`` whose negation fits its polarity.

    Remembered per sentence: denials reuse their points' terms many times over.
    """
    key = (id(terms), strict)  # terms outlive the sentence, so their ids stay theirs
    cache = sentence.memo
    if key in cache:
        return cache[key]
    spans = cache[key] = _find_spans(terms, sentence, strict)
    return spans


def _find_spans(terms: Terms, sentence: Sentence, strict: bool) -> list[tuple[int, int]]:
    spans = []
    index = sentence.index
    for phrase in terms.phrases:
        if not phrase.prefix[0] and phrase.words[0] not in index:
            continue
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
