"""``unstorable`` names exactly the text a database cannot hold: a NUL, or any code point in
the surrogate range (one half of a pair is no text on its own, nor are both halves apart)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizapp.storable import unstorable

#: Text mixing ASCII, any code point, and those either side of the surrogate range.
ANY_CODE_POINT = st.lists(
    st.one_of(
        st.characters(max_codepoint=0x7F),
        st.characters(exclude_categories=()),
        st.characters(min_codepoint=0xD7F0, max_codepoint=0xE00F, exclude_categories=()),
    )
).map("".join) | st.text(st.characters(max_codepoint=0x7F))


@given(ANY_CODE_POINT)
def test_it_refuses_exactly_nul_and_surrogates(text):
    has_nul = "\x00" in text
    has_surrogate = any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)
    problem = unstorable(text)
    assert (problem is None) == (not has_nul and not has_surrogate)
    if has_nul:
        assert "NUL" in problem
    elif has_surrogate:
        assert "surrogate" in problem


def test_examples():
    assert unstorable("plain ascii, long " * 1000) is None
    assert unstorable("é 😀") is None
    assert "surrogate" in unstorable("x\udfffy")
    assert "surrogate" in unstorable("\ud83d\ude00")  # a pair's halves as two code points
    assert "NUL" in unstorable("a\x00b")
