"""Splitting an explanation into sentences of normalised words, with their negations marked.

``explaining`` matches key points against what this module produces. It keeps the
learner's own wording of each sentence (the feedback quotes it), turns the usual
spellings of the subject's terms into one token each ("cross entropy",
"cross-entropy", "CE" → ``crossentropy``; "H(p, q)" too), reads formulas as words
("1 − q" → ``oneminus q``), and works out, per word, whether a negation governs it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

import snowballstemmer

from quizapp.engine._verbs import AUXILIARIES, BASE_FORMS, FINITE_FORMS, VERB_FORMS, _words

NEGATORS = frozenset({"not", "no", "never", "neither", "nor", "without", "none", "nobody"})
#: Words that end a clause, so a negation before them does not reach past them.
BOUNDARY_WORDS = _words(
    "but whereas while whilst although though however yet because since so unless unlike "
    "instead rather where which whereby hence thus therefore versus"
)
#: After "and"/"or" these start a new clause ("…, and it grows", "… and in categorical CE we …").
CLAUSE_STARTERS = _words(
    "it they we you this these that there its their the so then thus hence i in for with when if"
)
#: Words that may stand between "no"/"not" and the thing it denies ("not for classification").
FILLERS = _words(
    "a an the any its their our this that these those some for of to with in on by be is are "
    "just really even one single use used using need needed"
)
FUNCTION_WORDS = _words(
    "the a an it its this that these is are was were be we you they of to in for with by as "
    "on at from and or so which when if than then there their our"
)
PUNCTUATION = frozenset({",", ";", ":"})
_RELATIONS = frozenset({"=", "≥", "≤", "≠"})  # a formula states something too
_NEW_PREDICATE = _words("and or still then also it they we you which that who so")
_NEUTRAL_NEGATIONS = (("not", "onli"), ("not", "just"), ("no", "matter"), ("or", "not"))  # stems

MIN_WORDS = 4  # fewer words than this is a fragment, not a sentence
LIST_SHARE = 0.6  # a sentence whose parts are mostly one or two words is a list

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The Snowball stem of a normalised word, with -ize spellings read as -ise."""
    return _STEMMER.stemWord(re.sub(r"iz(e|es|ed|ing|ation|ations)$", r"is\1", word))


_SENTENCE_END = re.compile(
    r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\betc\.)(?<!\bcf\.)(?<!\bavg\.)(?<!\bapprox\.)"
    r"(?<!\bresp\.)(?<!\bincl\.)(?<!\bwrt\.)(?<!\bw\.r\.t\.)(?<=[.!?])(?<!\.\.)\s+|\n+|;\s*",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+")

# Order matters: contractions before apostrophes go, "1 − q" before minus signs are read.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[’‘`´]", "'"),
        (r"\b(can|ca)n'?t\b|\bcannot\b", "can not"),
        (r"\bwon'?t\b", "will not"),
        (
            r"\b(is|are|was|were|do|does|did|has|have|had|could|would|should|must|need)n'?t\b",
            r"\1 not",
        ),
        (r"\b(it|that|there|what|here|this|who|which|he|she)'s\b", r"\1 is"),
        (r"'re\b", " are"),
        (r"'ll\b", " will"),
        (r"'ve\b", " have"),
        (r"'d\b", " would"),
        (r"\bi'm\b", "i am"),
        (r"'s?\b", ""),
        (r"\be\.g\.?|\bfor instance\b", " for example "),
        (r"\bavg\b\.?", " average "),
        (r"\bapprox\b\.?", " approximately "),
        (r"\bw\.?r\.?t\b\.?", " with respect to "),
        (r"\binf\b", " infinity "),
        (r"\bprobs\b", " probabilities "),
        (r"\bprob\b", " probability "),
        (r"\bi\.e\.?", " that is "),
        (r"\bvs\.?(?=\s)|\bversus\b", " versus "),
        (r"∞", " infinity "),
        (r"(?:∈|\bin)\s*\{\s*0\s*,\s*1\s*\}", " is 0 or 1 "),
        (r"\{\s*0\s*,\s*1\s*\}", " 0 or 1 "),
        (r"[\[(]\s*0\s*,\s*1\s*[\])]", " between 0 and 1 "),
        (r"≥|>=|⩾", " ≥ "),
        (r"≤|<=|⩽", " ≤ "),
        (r"≠|!=", " ≠ "),
        (r"\bl\s*(?=[=(→⟶]|->)", " loss "),
        (r"⇒|=>|⟹", " so "),
        (r"\s*(?:→|->|⟶)\s*", " goes to "),
        (r"[−–—]", "-"),
        (r"\bkullback[\s-]*leibler\b|\brelative entropy\b", " kl "),
        (r"\bd_?\{?kl\}?\b", " kl "),
        (r"\bkl\s*\([^)]*\)", " kl "),
        (
            r"\bh\s*\(\s*p\s*,\s*q\s*\)\s*(?:=|equals|is equal to|is the same as)\s*"
            r"h\s*\(\s*q\s*,\s*p\s*\)",
            " crossentropy is symmetric ",
        ),
        (r"\bh\s*_?\{?[a-z]?\}?\s*\(\s*[a-z]\s*[,;|]\s*[a-z]\s*\)", " crossentropy "),
        (r"\bh\s*\(\s*[a-z]\s*\)", " entropy "),
        (r"\bcross[\s-]*entrop(?:y|ies)\b", " crossentropy "),
        (r"\bbce\b", " binary crossentropy "),
        (r"\bcce\b", " categorical crossentropy "),
        (r"\bce\b", " crossentropy "),
        (r"\bmse\b", " mean squared error "),
        (r"\bnll\b", " negative log likelihood "),
        (r"\bone[\s-]*hot\b", " onehot "),
        (r"\bmulti[\s-]*hot\b", " multihot "),
        (r"\bsoft[\s-]*max\b", " softmax "),
        (r"\bσ|\bsigma\b", " sigmoid "),
        (r"\bmulti(?:ple)?[\s-]*labels?\b", " multilabel "),
        (r"\bmulti[\s-]*(?:class|category|categories|classes)\b", " multiclass "),
        (r"\bsingle[\s-]*labels?\b", " singlelabel "),
        (r"\byes[\s/-]*(?:or[\s-]*)?no\b", " yesno "),
        (r"\bnon[\s-]+", "non"),
        (r"\b(?:one|1) minus\b|\b1\s*-\s*(?=[a-zŷ(])", " oneminus "),
        (r"(?<![\w)])-\s*(?=log\b|ln\b)", " minus "),
        (r"\bln\b|\blog_?(?:2|10|e)\b|\blog_\{?\w\}?", " log "),
        (r"(?<=[\w)\]])\s+-\s+(?=[\w(\[])|(?<=[)\]])\s*-\s*(?=\w)", " minus "),
        (r"(?<![\w)\]])-(?=\d)", " minus "),  # "-1 and +1"
        (r"±|\+/-", " plus or minus "),
        (r"(?<=\b[a-z])-(?=[a-z]\b)|(?<![\w)\]])-\s*(?=[\[(a-z])", " minus "),
        (r"(?<=[a-z])-(?=[a-z])", " "),
        (r"(?<=\w)\s*\*\s*(?=\w)|×|·", " times "),
        (r"_\{?([a-z]{2,})\}?", r" \1 "),  # q_true → q true
        (r"_\{?[a-z0-9]\}?|\^|ŷ|\\hat|\\", " "),
        (r"\b(\d+)\.0+\b", r"\1"),
        (r"%", " percent "),
    )
)
_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?|[=≥≤≠+,;:]")


@dataclass(frozen=True)
class Sentence:
    """One sentence: the learner's text, its words and stems, and where negations reach."""

    text: str
    words: tuple[str, ...]
    stems: tuple[str, ...]
    clause: tuple[int, ...]  # clause number of each word
    negated: tuple[bool, ...]  # a negation earlier in the clause governs this word
    negators: tuple[int, ...]  # positions of negating words
    real: bool  # a statement (in words or a formula), not a fragment or a list of terms
    prose: bool  # a statement in words, not only a formula

    @cached_property
    def memo(self) -> dict:
        """Scratch space for the checker's lookups of this sentence."""
        return {}

    @cached_property
    def index(self) -> dict[str, list[int]]:
        """Stem → positions, so a phrase is looked up rather than scanned for."""
        positions: dict[str, list[int]] = {}
        for i, word_stem in enumerate(self.stems):
            positions.setdefault(word_stem, []).append(i)
        return positions

    @cached_property
    def _by_prefix(self) -> dict[str, list[int]]:
        """Every prefix of every word → positions: one pass instead of a scan per phrase."""
        positions: dict[str, list[int]] = {}
        for i, word in enumerate(self.words):
            for end in range(1, len(word) + 1):
                positions.setdefault(word[:end], []).append(i)
        return positions

    def starting_with(self, prefix: str) -> list[int]:
        """Positions of the words that start with ``prefix``."""
        return self._by_prefix.get(prefix, [])

    def denied_thing(self, start: int) -> bool:
        """Whether a "no"/"not" stands just before the thing at ``start`` ("no log")."""
        for position in self.negators:
            if position < start and self.clause[position] == self.clause[start]:
                between = self.words[position + 1 : start]
                if len(between) <= 3 and all(w in FILLERS for w in between):
                    return True
        return False


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as written, bullets stripped, empty ones dropped."""
    lines = (_BULLET.sub("", line) for line in text.splitlines())
    parts = (part.strip() for line in lines for part in _SENTENCE_END.split(line))
    return [part for part in parts if part and re.search(r"\w", part)]


def normalise(text: str) -> list[str]:
    """Lower-cased words and the symbols that carry meaning, spellings made uniform."""
    text = text.replace("Σ", " sum ").replace("∑", " sum ")
    text = text.replace("Π", " product ").replace("∏", " product ")
    text = unicodedata.normalize("NFKC", text).lower()
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    return _TOKEN.findall(text)


def read_sentence(text: str, extra_neutral: frozenset[tuple[str, ...]] = frozenset()) -> Sentence:
    """``text`` as a ``Sentence``; ``extra_neutral``: phrases (as stems) whose "no" is literal."""
    tokens = _definition_colon(normalise(text))
    words: list[str] = []
    clause: list[int] = []
    number = 0
    for i, token in enumerate(tokens):
        if token in PUNCTUATION:
            number += 1
            continue
        if token in BOUNDARY_WORDS or (
            token in ("and", "or") and i + 1 < len(tokens) and tokens[i + 1] in CLAUSE_STARTERS
        ):
            number += 1
        words.append(token)
        clause.append(number)
    stems = tuple(stem(w) for w in words)
    has_negator = any(w in NEGATORS for w in words)
    neutral = _neutral_positions(stems, extra_neutral) if has_negator else set()
    negators = [i for i, w in enumerate(words) if w in NEGATORS and i not in neutral]
    return Sentence(
        text=text,
        words=tuple(words),
        stems=stems,
        clause=tuple(clause),
        negated=_negation_scope(words, clause, negators),
        negators=tuple(negators),
        real=_is_statement(tokens, words),
        prose=_is_statement(tokens, words, formula_counts=False),
    )


#: Most words a definition's head may have: "Entropy H(p): …", "BCE: …".
_HEAD_WORDS = 3


def _definition_colon(tokens: list[str]) -> list[str]:
    """A note's "term: what it is" read as "term is what it is".

    Notes and bullets define by colon ("Entropy H(p): avg. bits to encode samples
    from p"); the colon after a short head at the start is the verb. A head that
    already has a verb or a negation ("It is simple: …", "No: …") keeps its colon.
    """
    if ":" not in tokens[1 : _HEAD_WORDS + 1]:
        return tokens
    colon = tokens.index(":")
    head = tokens[:colon]
    if len(tokens) - colon - 1 < 2 or any(
        t in PUNCTUATION or t in NEGATORS or t in _RELATIONS or t in VERB_FORMS for t in head
    ):
        return tokens
    return [*head, "is", *tokens[colon + 1 :]]


def _neutral_positions(stems: tuple[str, ...], extra: frozenset[tuple[str, ...]]) -> set[int]:
    """Positions of "no"/"not" that deny nothing: "not only", "without bound", "no upper limit"."""
    found: set[int] = set()
    for phrase in (*_NEUTRAL_NEGATIONS, *extra):
        size = len(phrase)
        for i in range(len(stems) - size + 1):
            if stems[i : i + size] == phrase:
                found.update(i + j for j, w in enumerate(phrase) if w in NEGATORS)
    return found


def _negation_scope(words: list[str], clause: list[int], negators: list[int]) -> tuple[bool, ...]:
    """Which words a negation governs: from it to the end of its clause or the next verb.

    The negated verb group is the negation with the verbs right after it ("does not
    grow"); a verb after "and", "still", "it" … starts a new predicate ("are not
    present but still count", "is not bounded and grows").
    """
    negated = [False] * len(words)
    for position in negators:
        i = position + 1
        while i < len(words) and clause[i] == clause[position] and words[i] in VERB_FORMS:
            negated[i] = True
            i += 1
        while i < len(words) and clause[i] == clause[position]:
            if words[i] in VERB_FORMS and words[i - 1] in _NEW_PREDICATE:
                break
            negated[i] = True
            i += 1
    return tuple(negated)


def _is_statement(tokens: list[str], words: list[str], *, formula_counts: bool = True) -> bool:
    """Whether the words make a statement: long enough, with a verb, not a list of terms.

    A formula with a relation is a statement too, without English function words:
    "grad = p − y", "H(p, q) ≥ H(p) always" (unless ``formula_counts`` is off).
    """
    formula = formula_counts and any(w in _RELATIONS for w in words)
    if len(words) < MIN_WORDS - formula or not (
        formula or any(w in FUNCTION_WORDS or w in AUXILIARIES or w in NEGATORS for w in words)
    ):
        return False
    if not _has_finite_verb(words):
        return False
    parts: list[int] = [0]
    for token in tokens:
        if token in PUNCTUATION or token in ("and", "or"):
            parts.append(0)
        else:
            parts[-1] += 1
    parts = [size for size in parts if size]
    short = sum(size <= 2 for size in parts)
    return not (len(parts) >= 4 and short >= LIST_SHARE * len(parts))


_PERSONS = _words("i we you they")
_THIRD_PERSONS = _words("it this that which who he she")
#: Adverbs that stand between a subject and its verb: "it usually sits", "CE simply adds".
_ADVERBS = _words(
    "usually typically often always also just simply only still generally normally commonly "
    "basically actually then never really mostly essentially effectively"
)
#: Verbs whose base form is never a noun here, so it is a verb wherever it stands, as in
#: non-native English that drops the -s: "big mistakes with high confidence get a penalty".
_ALWAYS_VERBS = _words("get give take become make keep")
_SUBJECTS = _words(
    "i we you they it which that who then also just simply only still always usually "
    "typically often instead to not never"
)


def _has_finite_verb(words: list[str]) -> bool:
    """A verb that makes a clause: an auxiliary, an inflected verb, a base form after a subject."""
    for i, word in enumerate(words):
        if word in AUXILIARIES or word in FINITE_FORMS or word in _RELATIONS:
            return True
        if word in _ALWAYS_VERBS and i > 0:
            return True
        if i == 0:
            continue
        before = words[i - 1]
        if word in BASE_FORMS and (
            before in _SUBJECTS or (before.endswith("s") and not before.endswith("ss"))
        ):
            return True
        # A verb not on the list, known by its place: "we enjoy", "it rewards", "which tended".
        if before in _PERSONS and word.isalpha() and word not in FUNCTION_WORDS:
            return True
        if (before in _THIRD_PERSONS or before in _ADVERBS) and re.fullmatch(
            r"[a-z]{2,}[^su]s|[a-z]{2,}ed", word
        ):
            return True
    return False


#: Pronouns that open a sentence about what the sentence before was about.
_PRONOUNS = _words("it this")
#: Words that cannot start a subject: "In the binary case the label is …" has none to lend.
_NOT_SUBJECTS = (
    FUNCTION_WORDS
    | _PRONOUNS
    | _words("but so because since while whereas although however also then both each every all")
    - _words("the a an")
)
_MAX_SUBJECT = 4


def subject_of(sentence: Sentence) -> tuple[str, ...] | None:
    """The words before the first verb, when they are a short subject ("Categorical CE")."""
    words = list(sentence.words)
    for i, word in enumerate(words):
        if word in AUXILIARIES or word in FINITE_FORMS or word in _RELATIONS:
            head = [w for w in words[:i] if w not in ("the", "a", "an")]
            if (
                not head
                or len(head) > _MAX_SUBJECT
                or head[0] in _NOT_SUBJECTS
                or any(sentence.clause[j] != sentence.clause[0] for j in range(i))
                or any(w in NEGATORS for w in head)
            ):
                return None
            return tuple(head)
    return None


def resolve_pronoun(
    sentence: Sentence,
    subject: tuple[str, ...] | None,
    extra_neutral: frozenset[tuple[str, ...]] = frozenset(),
) -> Sentence | None:
    """``sentence`` with "it"/"this" read as what it stands for; None if it has none.

    An opening "it" stands for ``subject``, the previous sentence's; a later one ("…, and
    for a peaked distribution it can …") for this sentence's own subject, or ``subject``.
    """
    text = sentence.text
    own = subject_of(sentence)
    changed = False
    words = sentence.words
    if (
        subject
        and words
        and words[0] in _PRONOUNS
        and not (
            words[0] == "this"
            and len(words) > 1
            and words[1] not in VERB_FORMS
            and words[1] not in _ADVERBS
        )  # "This loss is …" names its own subject
    ):
        text = re.sub(r"^\W*(?:it|this)\b", " ".join(subject), text, count=1, flags=re.I)
        changed = True
    inner = own or subject
    if inner:
        text, count = _INNER_PRONOUN.subn(lambda m: f"{m.group(1)} {' '.join(inner)} ", text)
        changed = changed or count > 0
    if not changed:
        return None
    resolved = read_sentence(text, extra_neutral)
    return Sentence(
        sentence.text,
        resolved.words,
        resolved.stems,
        resolved.clause,
        resolved.negated,
        resolved.negators,
        resolved.real,
        resolved.prose,
    )


#: "it" after the opening word: "…, and it is highest when …", "for a peaked one it can …".
_INNER_PRONOUN = re.compile(r"(?<=\S)(\s+)it\b(?!')", re.I)


def with_neutral(sentence: Sentence, extra_neutral: frozenset[tuple[str, ...]]) -> Sentence:
    """``sentence`` with its negations worked out again for other literal phrases."""
    if not any(w in NEGATORS for w in sentence.words):
        return sentence  # no negation to read otherwise
    neutral = _neutral_positions(sentence.stems, extra_neutral)
    negators = [i for i, w in enumerate(sentence.words) if w in NEGATORS and i not in neutral]
    if tuple(negators) == sentence.negators:
        return sentence
    return Sentence(
        text=sentence.text,
        words=sentence.words,
        stems=sentence.stems,
        clause=sentence.clause,
        negated=_negation_scope(list(sentence.words), list(sentence.clause), negators),
        negators=tuple(negators),
        real=sentence.real,
        prose=sentence.prose,
    )
