"""MathML that reads like maths: function spacing, signs, powers of ten, and pieces that wrap.

The spacing rules were checked in Chromium (an ``<mo>⁡</mo>`` alone adds no width, so the
thin space after ``ln`` is its ``rspace``; a minus marked ``form="prefix"`` loses its gaps);
these tests pin the trees that give that rendering.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from quizapp.engine.questions import generate, registry
from quizapp.rendering import number_html, render_prose, render_solution, tex_display
from quizapp.rendering.mathml import number_text, tex_to_mathml

M = "{http://www.w3.org/1998/Math/MathML}"
APPLY = "\u2061"
_MATH = re.compile(r"<math\b.*?</math>", re.DOTALL)


def tree(latex: str) -> ET.Element:
    return ET.fromstring(str(tex_to_mathml(latex)))


def row(latex: str) -> list[tuple[str, str, dict]]:
    """The top row as (tag, text, attributes), the way a browser lays it out."""
    return [(e.tag.removeprefix(M), e.text or "", dict(e.attrib)) for e in tree(latex)[0]]


def pieces(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in _MATH.findall(html)]


def texts(element: ET.Element) -> str:
    return "".join(element.itertext())


def test_a_function_name_is_followed_by_a_thin_space():
    """``\\ln 0.7`` reads "ln 0.7", not "ln0.7": function application with a thin rspace."""
    assert row(r"\ln 0.7") == [
        ("mi", "ln", {}),
        ("mo", APPLY, {"rspace": "0.1667em"}),
        ("mn", "0.7", {}),
    ]
    assert row(r"\ln q_c")[1] == ("mo", APPLY, {"rspace": "0.1667em"})
    assert row(r"\log_2 3")[1] == ("mo", APPLY, {"rspace": "0.1667em"})


def test_a_product_with_a_function_is_spaced_as_tex_spaces_it():
    """``0.02\\ln 0.056`` reads "0.02 ln 0.056": an invisible times with a thin lspace."""
    assert row(r"0.02\ln 0.056")[:3] == [
        ("mn", "0.02", {}),
        ("mo", "\u2062", {"lspace": "0.1667em", "rspace": "0"}),
        ("mi", "ln", {}),
    ]
    assert ("mo", "\u2062", {"lspace": "0.1667em", "rspace": "0"}) not in row(r"1 \cdot \ln 2")


def test_a_function_before_a_parenthesis_gets_no_gap():
    assert row(r"\ln(0.7)")[:3] == [
        ("mi", "ln", {}),
        ("mo", APPLY, {}),
        ("mo", "(", {"stretchy": "false"}),
    ]


def test_softmax_is_an_identifier_so_no_gap_before_its_bracket():
    """``\\operatorname{softmax}`` came as an <mo>, which gets an operator's gaps."""
    assert row(r"\operatorname{softmax}(z)")[:3] == [
        ("mi", "softmax", {}),
        ("mo", APPLY, {}),
        ("mo", "(", {"stretchy": "false"}),
    ]


@pytest.mark.parametrize(
    "latex", [r"L = -\ln 0.7", r"[-1.9, 2]", r"(-\ln 0.3)", r"e^{-1.4}", r"\sum_n -\ln q_n"]
)
def test_a_leading_minus_is_a_prefix_sign_grouped_with_its_operand(latex):
    signs = [e for e in tree(latex).iter(f"{M}mo") if e.text == "−"]
    assert [s.get("form") for s in signs] == ["prefix"]
    groups = [g for g in tree(latex).iter(f"{M}mrow") if len(g) == 2 and g[0].text == "−"]
    assert groups, "the sign and its operand share an <mrow>"


def test_a_binary_minus_keeps_its_gaps():
    assert ("mo", "−", {}) in row(r"1.8071 - 1.5769")
    assert ("mo", "−", {}) in row(r"-\ln(0.51) -\ln(0.64)")


def test_e_notation_becomes_a_power_of_ten_never_the_letter_e():
    """loaded_coin d3 seed 5 showed "1.101e−5" as 1.101 · e − 5."""
    for latex in (r"6.832 + 1.101e-5", "6.832 + 1.101e\u22125"):
        math = tree(latex)
        assert [texts(m) for m in math.iter(f"{M}msup")] == ["10−5"]
        assert not [e for e in math.iter(f"{M}mi") if e.text == "e"]


def test_arrows_are_operators_and_upright_words_are_one_identifier():
    assert ("mo", "⟹", {}) in row(r"a \Longrightarrow b")
    assert [e.text for e in tree(r"D_{\mathrm{KL}}").iter(f"{M}mi")] == ["D", "KL"]


def test_text_that_is_not_latex_is_shown_not_dropped():
    assert str(tex_to_mathml(r"x^")) == '<code class="tex">x^</code>'
    assert str(tex_display(r"\left( x")) == r'<code class="tex">\left( x</code>'


def test_a_chain_is_cut_into_equations_sides_and_pieces():
    """Equations at ",\\;", sides before "=", pieces before a binary "+" or "−"."""
    html = str(tex_display(r"e^{2} = 7.389,\; S = 7.389 + 2.718 - 1 \approx 9.107"))
    assert html.count('class="math-eq"') == 2
    assert html.count('class="math-side"') == 5
    shown = [texts(p) for p in pieces(html)]
    assert shown == ["e2", "=7.389,", "S", "=7.389", "+2.718", "−1", "≈9.107"]
    # a "+" that starts its own <math> would otherwise be read as a sign
    assert html.count('form="infix"') == 2


def cut(latex: str) -> list[str]:
    return [texts(p) for p in pieces(str(tex_display(latex)))]


def test_a_vector_breaks_after_its_commas():
    assert cut(r"q - y = [0.3331, -0.4277, 0.1087]") == [
        "q",
        "−y",
        "=[0.3331,",
        "−0.4277,",
        "0.1087]",
    ]


def test_a_sum_in_left_right_brackets_is_cut_but_not_a_function_argument_or_a_fraction():
    """\\left( around numbers opens up (the mean of a batch); ln(1 − p) and a bracket
    around a fraction stay whole."""
    assert cut(r"L = \frac{1}{3}\left(0.4308 + 1.139\right)") == ["L", "=13(0.4308", "+1.139)"]
    assert cut(r"L = -\left[1 \cdot \ln(0.54) + 0 \cdot \ln(1 - 0.54)\right]") == [
        "L",
        "=−[1·ln⁡(0.54)",
        "+0·ln⁡(1−0.54)]",
    ]
    assert cut(r"L = \ln\left(1 + e^{9.8}\right)") == ["L", "=ln⁡(1+e9.8)"]
    assert cut(r"x = \left(\frac{1}{2} + 1\right)") == ["x", "=(12+1)"]


def test_display_pieces_use_display_style_and_prose_pieces_do_not():
    assert all(p.get("displaystyle") == "true" for p in pieces(str(tex_display(r"a = \frac12"))))
    inline = str(render_prose(r"with \(z = [1.2, -0.5]\) here"))
    assert inline.startswith("with <math") and inline.endswith("</math> here")
    assert "<wbr>" in inline and "displaystyle" not in inline


def test_numbers_in_prose_show_powers_of_ten_but_typed_text_is_left_alone():
    """format_number writes 1.101e−5 (typographic minus); a learner's 3.57e-1 is theirs."""
    assert number_html("1.101e−5 nats") == "1.101 × 10<sup>−5</sup> nats"
    assert str(render_prose("you typed 3.57e-1")) == "you typed 3.57e-1"
    assert number_html("<b>") == "&lt;b&gt;"
    assert number_text("q = 1.240e−6") == "q = 1.240 × 10⁻⁶"


@pytest.mark.parametrize("type_id", list(registry()))
def test_every_solution_is_well_formed_mathml_without_stray_letters(type_id):
    """All maths parses, none fell back to source, no number is followed by the letter e,
    and no operator name is left as an <mo>."""
    for difficulty in (1, 2, 3):
        for seed in range(8):
            question = generate(type_id, seed, difficulty=difficulty)
            html = str(render_solution(question)) + str(render_prose(question.prompt))
            assert '<code class="tex">' not in html, (difficulty, seed)
            for math in pieces(html):
                for mn in math.iter(f"{M}mn"):
                    assert "e" not in (mn.text or "")
                assert not [
                    e for e in math.iter(f"{M}mo") if len(e.text or "") > 1 and e.text.isalpha()
                ]
            assert not re.search(r"</mn>\s*<mi>e</mi>", html), (difficulty, seed)
            assert not re.search(r"\de[−-]\d", re.sub(r"<[^>]+>", " ", html)), (difficulty, seed)
