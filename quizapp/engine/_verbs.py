"""English verbs, in the forms that tell a statement from a list of terms.

``_sentences`` asks whether a sentence has a verb that makes a clause, and where
a negated verb group ends. No tagger ships its model inside a small package, so
this is a word list: the auxiliaries, and the verbs one uses to explain a loss,
with their inflections built by the regular rules plus the irregular ones.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """The words of a space-separated list."""
    return frozenset(text.split())


AUXILIARIES = _words(
    "is are was were be been being am has have had do does did can could will would shall "
    "should may might must"
)

_REGULAR = _words(
    "accept account act add adjust affect aim allow amount apply approach argue arise assign "
    "assume attach average avoid balance base behave belong blow boost bound break calculate "
    "call cap care cause change check choose clip collapse combine compare compete compute "
    "concern connect consider consist contain contribute convert correspond cost count cover "
    "create cross deal decide decrease define depend describe design detect differ diverge "
    "divide dominate double drop dwarf emphasise encode encourage end ensure equal estimate "
    "exceed expect explain explode express extend fail favour feed fire fit flatten follow "
    "force form generalise grow handle happen help hurt ignore imply improve include increase "
    "indicate interpret involve keep kill label lack learn limit look lower make map match "
    "matter maximise measure minimise miss model move multiply need normalise note observe "
    "occur operate output overshoot pair pass pay penalise penalize pick place play plot "
    "point predict prefer produce provide punish push put quantify raise range rank reach "
    "react read receive reduce reflect relate remain remove represent require rescale reward "
    "rise rule run satisfy scale score see select sense separate shift shoot show shrink "
    "simplify skyrocket slope smooth solve spike split squash stand start stay stop subtract "
    "sum suppose switch take tell tend tie train transform treat trust try turn vanish vary "
    "want weigh weight work yield zero "
    "agree answer appear approximate ask assess benefit blend buy capture carry close collect "
    "continue converge cook decode deliver derive determine differentiate discover distinguish "
    "enjoy enter evaluate exist explore favor finish flow guarantee guide halve hate heat hope "
    "identify infer integrate invent jump last like listen live love manage mention merge mix "
    "notice open optimise optimize order overfit own plan prevent print pull realise realize "
    "recognise recognize record refer regularise rely remember repeat reply report reveal "
    "save search seem sell serve share smell sort sound spread stabilise store study suffer "
    "suggest support surprise talk teach travel underfit understand update use visit wait "
    "walk watch wish wonder worry"
)

_IRREGULAR = {
    "be": "was were been being is are am",
    "become": "became",
    "begin": "began begun",
    "blow": "blew blown",
    "break": "broke broken",
    "bring": "brought",
    "choose": "chose chosen",
    "come": "came",
    "cost": "cost",
    "do": "did done",
    "buy": "bought",
    "draw": "drew drawn",
    "eat": "ate eaten",
    "forget": "forgot forgotten",
    "speak": "spoke spoken",
    "spend": "spent",
    "teach": "taught",
    "understand": "understood",
    "fall": "fell fallen",
    "feel": "felt",
    "find": "found",
    "get": "got gotten",
    "give": "gave given",
    "go": "went gone",
    "grow": "grew grown",
    "have": "had",
    "hold": "held",
    "keep": "kept",
    "know": "knew known",
    "lead": "led",
    "leave": "left",
    "lose": "lost",
    "make": "made",
    "mean": "meant",
    "pay": "paid",
    "put": "put",
    "rise": "rose risen",
    "say": "said",
    "see": "saw seen",
    "send": "sent",
    "set": "set",
    "shoot": "shot",
    "show": "shown",
    "shrink": "shrank shrunk",
    "split": "split",
    "take": "took taken",
    "tell": "told",
    "think": "thought",
    "throw": "threw thrown",
    "write": "wrote written",
}
#: Participles that in these explanations are adjectives ("the predicted probability").
_ADJECTIVAL = frozenset({"predicted", "expected", "encoded", "estimated", "given", "true"})


def _inflections(base: str) -> tuple[set[str], set[str]]:
    """(finite forms, other forms) of a verb by the regular spelling rules."""
    if base.endswith("e"):
        third, past, ing = base + "s", base + "d", base[:-1] + "ing"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        third, past, ing = base[:-1] + "ies", base[:-1] + "ied", base + "ing"
    elif base.endswith(("s", "sh", "ch", "x", "z", "o")):
        third, past, ing = base + "es", base + "ed", base + "ing"
    else:
        third, past, ing = base + "s", base + "ed", base + "ing"
    finite = {third, past}
    short_closed = len(base) <= 4 and base[-1] in "bdgmnprt" and base[-2] in "aeiou"
    if short_closed and base[-3] not in "aeiou":
        finite.add(base + base[-1] + "ed")  # sum → summed, drop → dropped
        ing = base + base[-1] + "ing"
    return finite, {ing}


def _build() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    base_forms: set[str] = set(_REGULAR) | set(_IRREGULAR)
    finite: set[str] = set()
    other: set[str] = set()
    for base in base_forms:
        regular_finite, regular_other = _inflections(base)
        finite |= regular_finite
        other |= regular_other
    for forms in _IRREGULAR.values():
        finite |= set(forms.split())
    finite -= _ADJECTIVAL
    return frozenset(base_forms), frozenset(finite), frozenset(base_forms | finite | other)


BASE_FORMS, FINITE_FORMS, _ALL = _build()
#: Every form that can sit in a verb group, auxiliaries and adverbs of degree included.
VERB_FORMS = _ALL | AUXILIARIES | _ADJECTIVAL
