"""How much the fuzzers try, and the hostile values they try.

Every fuzz test runs a fixed, deterministic number of examples (``derandomize``: the same
inputs on every run, so the suite never passes or fails by luck; no deadline: the count
bounds the time). ``QUIZAPP_FUZZ_EXAMPLES`` scales them for a longer local run::

    QUIZAPP_FUZZ_EXAMPLES=2000 QUIZAPP_FUZZ_RANDOM=1 .venv/bin/pytest -q tests/fuzz

``QUIZAPP_FUZZ_RANDOM=1`` draws new inputs each run (and keeps failures in Hypothesis's
example database) instead of the fixed ones.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES_ENV = "QUIZAPP_FUZZ_EXAMPLES"
RANDOM_ENV = "QUIZAPP_FUZZ_RANDOM"
#: Examples per target in an ordinary run; the env var replaces it.
DEFAULT_EXAMPLES = 20

settings.register_profile(
    "quizapp-fuzz",
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
settings.register_profile(
    "quizapp-fuzz-random",
    deadline=None,
    derandomize=False,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)


def examples(weight: float = 1.0) -> int:
    """How many examples a target gets: ``weight`` × the configured count, at least 1."""
    base = int(os.environ.get(EXAMPLES_ENV) or DEFAULT_EXAMPLES)
    return max(1, round(base * weight))


def fuzz_settings(weight: float = 1.0, **overrides) -> settings:
    """Hypothesis settings for one fuzz target (see the module docstring)."""
    profile = "quizapp-fuzz-random" if os.environ.get(RANDOM_ENV) else "quizapp-fuzz"
    return settings(settings.get_profile(profile), max_examples=examples(weight), **overrides)


#: Inputs that have broken web apps before: numbers Python reads oddly, markup, injections,
#: format strings, characters that databases, terminals or parsers treat specially.
NASTY = [
    "",
    " ",
    "\t\r\n",
    "0",
    "-0",
    "-0.0",
    "1e309",
    "-1e309",
    "1e-400",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    str(10**400),
    "9" * 5000,
    "0x1F",
    "1_000",
    "١٢٣",  # Arabic-Indic digits: int() reads them
    "²",
    "3/0",
    "[" * 200,
    "{" * 200,
    "-1",
    "2147483648",
    "9223372036854775808",
    "-9223372036854775809",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "'; DROP TABLE user; --",
    "{{ 7*7 }}",
    "{% raw %}",
    "%s%s%n",
    "{0}{q}{",
    "../../etc/passwd",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\ufeff",
    "\u202e",
    "\u2028",
    "\ud7ff\ue000\uffff",
    "𝟘𝟙",
    "e\u0301",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "&a [*a, *a]",
    "!!python/object/apply:os.system ['echo']",
    "\\(",
    "$$",
    "**",
]

#: Text of any code point a form can carry (surrogates cannot be sent as UTF-8).
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


def number_text() -> st.SearchStrategy[str]:
    """Numbers as a person or a script might type them."""
    return st.one_of(
        st.integers().map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.floats().map(lambda x: f"{x:.3g}"),
        st.decimals(allow_nan=True).map(str),
    )


def hostile_text(known: list[str] | None = None) -> st.SearchStrategy[str]:
    """A value for one text field: a known good value (``known``), a nasty one, a number,
    random text, a known value with something added, or a very long one."""
    choices = [st.sampled_from(NASTY), ANY_TEXT, number_text()]
    if known:
        good = st.sampled_from(known)
        choices += [good, good, st.tuples(good, st.sampled_from(NASTY)).map("".join)]
    choices.append(st.sampled_from(["x" * 5_000, "é" * 40_000, "\n" * 20_000]))
    return st.one_of(choices)
