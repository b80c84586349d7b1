"""Results of an assignment and of a class, every figure computed by hand.

The attempts are the table in ``results_support.build_class``; the comments below show
the arithmetic of each expected value.
"""

from __future__ import annotations

import pytest
from results_support import AttemptWriter, C, F, T, add_assignment, build_class
from set_support import PEOPLE
from support import StatementLog

from quizapp.extensions import db
from quizapp.models.assignment import Assignment
from quizapp.models.classroom import Class
from quizapp.services.class_results import (
    SCORE_BINS,
    assignment_results,
    class_results,
    group_size,
)


@pytest.fixture
def world(app, people):
    with app.app_context():
        return build_class(PEOPLE["owner"][0])


def results(app, world, name="A1", policy=None):
    with app.app_context():
        assignment = db.session.get(Assignment, world.assignments[name])
        if policy is not None:
            assignment.attempts_policy = policy
            db.session.commit()
        return assignment_results(assignment)


def by_name(found):
    return {line.display_name: line for line in found.learners}


def by_item(found):
    return {item.item_id: item for item in found.items}


def test_each_learner_of_a_practice_assignment_gets_completion_score_and_last_activity(app, world):
    """Best score per item counts; unanswered items count 0; Fay is listed without attempts,
    Hal (not in the class) and the owner are not."""
    found = results(app, world)
    assert [line.display_name for line in found.learners] == [
        "Ann", "Ben", "Cat", "Dan", "Eve", "Fay", "Gil",
    ]  # fmt: skip
    lines = by_name(found)
    expected = {  # (attempted, score)
        "Ann": (3, (1 + 1 + 1) / 3),
        "Ben": (3, (1 + 0 + 1) / 3),
        "Cat": (2, (0.75 + 1 + 0) / 3),
        "Dan": (1, 0.0),
        "Eve": (2, (0 + 0.4 + 1) / 3),
        "Fay": (0, 0.0),
        "Gil": (3, (1 + 1 + 0) / 3),
    }
    for name, (attempted, score) in expected.items():
        line = lines[name]
        assert (line.attempted, line.total) == (attempted, 3), name
        assert line.completion == pytest.approx(attempted / 3), name
        assert line.score == pytest.approx(score), name
        assert line.last_activity == world.times.get(name), name
    assert lines["Fay"].last_activity is None


def test_under_once_the_first_attempt_counts(app, world):
    lines = by_name(results(app, world, policy="once"))
    expected = {
        "Ann": (0 + 1 + 1) / 3,  # her first T was wrong
        "Ben": (1 + 0 + 1) / 3,
        "Cat": (0.75 + 0 + 0) / 3,  # the first F was wrong, C never answered
        "Dan": 0.0,
        "Eve": (0 + 0.4 + 0) / 3,  # the first C was wrong
        "Fay": 0.0,
        "Gil": (1 + 1 + 0) / 3,
    }
    assert {name: line.score for name, line in lines.items()} == pytest.approx(expected)
    assert lines["Cat"].attempted == 2  # completion does not depend on the policy


def test_item_attempts_learners_and_first_try_share(app, world):
    items = by_item(results(app, world))
    assert [i.item_id for i in results(app, world).items] == [T, F, C]
    # T: Ann 2, Ben 1, Cat 1, Dan 2, Gil 1; first tries right: Ben, Cat, Gil of 5.
    assert (items[T].attempts, items[T].learners) == (7, 5)
    assert items[T].first_try_correct == pytest.approx(3 / 5)
    # F: Ann, Ben, Cat 2, Eve, Gil; first tries right: Ann, Gil of 5.
    assert (items[F].attempts, items[F].learners) == (6, 5)
    assert items[F].first_try_correct == pytest.approx(2 / 5)
    # C: Ann, Ben, Eve 2, Gil; first tries right: Ann, Ben of 4.
    assert (items[C].attempts, items[C].learners) == (5, 4)
    assert items[C].first_try_correct == pytest.approx(2 / 4)
    assert items[T].type_id == "ce_one_hot" and items[F].type_id is None
    assert items[T].title == "Only the true class" and items[T].number == 1


def test_discrimination_uses_the_top_and_bottom_27_percent_with_ties_by_user_id(app, world):
    """N = 6 learners attempted (not Fay), n = round(0.27 · 6 = 1.62) = 2. Practice ranking:
    Ann 1, Ben 2/3, Gil 2/3 (a tie: Ben's account is older), Cat 0.583, Eve 0.467, Dan 0.
    Upper: Ann, Ben; lower: Eve, Dan."""
    found = results(app, world)
    assert (found.ranked, found.group_size) == (6, 2)
    items = by_item(found)
    assert items[T].discrimination == pytest.approx(1.0 - 0.0)  # Ann ✓ Ben ✓ | Eve – Dan ✗
    # Ben, not Gil, is in the upper group: with Gil it would be 1.0.
    assert items[F].discrimination == pytest.approx(0.5 - 0.0)  # Ann ✓ Ben ✗ | Eve ✗ Dan –
    assert items[C].discrimination == pytest.approx(1.0 - 0.5)  # Ann ✓ Ben ✓ | Eve ✓ Dan –


def test_discrimination_under_once_reads_first_answers(app, world):
    """Once ranking: Ann, Ben, Gil tie at 2/3 (by id: Ann, Ben, Gil), Cat 0.25, Eve 0.133,
    Dan 0. Upper: Ann, Ben; lower: Eve, Dan."""
    items = by_item(results(app, world, policy="once"))
    assert items[T].discrimination == pytest.approx(0.5 - 0.0)  # Ann ✗ Ben ✓ | Eve – Dan ✗
    assert items[F].discrimination == pytest.approx(0.5 - 0.0)  # Ann ✓ Ben ✗ | Eve ✗ Dan –
    assert items[C].discrimination == pytest.approx(1.0 - 0.0)  # Ann ✓ Ben ✓ | Eve ✗ Dan –


@pytest.mark.parametrize(
    ("ranked", "size"), [(0, None), (1, None), (2, 1), (3, 1), (5, 1), (6, 2), (10, 3), (100, 27)]
)
def test_group_size(ranked, size):
    """max(1, round(0.27·N)) with halves up (0.27 · 50 = 13.5 → 14); None below 2."""
    assert group_size(ranked) == size


def test_group_size_rounds_halves_up():
    assert group_size(50) == 14


def test_score_distribution_of_counted_scores(app, world):
    assert [label for label, _test in SCORE_BINS] == ["0", "0–0.5", "0.5–1", "1"]
    items = by_item(results(app, world))
    assert items[T].distribution == (1, 0, 1, 3)  # Dan 0; Cat 0.75; Ann, Ben, Gil 1
    assert items[F].distribution == (1, 1, 0, 3)  # Ben 0; Eve 0.4; Ann, Cat, Gil 1
    assert items[C].distribution == (1, 0, 0, 3)  # Gil 0; Ann, Ben, Eve 1
    once = by_item(results(app, world, policy="once"))
    assert once[T].distribution == (2, 0, 1, 2)  # Ann, Dan 0; Cat 0.75; Ben, Gil 1
    assert once[C].distribution == (2, 0, 0, 2)  # Eve, Gil 0; Ann, Ben 1


def test_misconceptions_per_item_with_counts_labels_and_the_latest_example(app, world):
    items = by_item(results(app, world))
    t = [(m.code, m.attempts, m.learners, m.example) for m in items[T].misconceptions]
    assert t == [("sign_dropped", 2, 1, "-0.36"), ("log_base_2", 1, 1, "1.2")]
    assert items[T].misconceptions[0].label == "Sign dropped"
    f = items[F].misconceptions
    assert [(m.code, m.attempts, m.learners, m.example) for m in f] == [
        ("log_base_2", 2, 2, "0.7")  # Ben's then Cat's: Cat's is the latest
    ]
    assert f[0].label == "You used log base 2 (bits)."  # the author's own name for it
    c = items[C].misconceptions
    assert [(m.code, m.attempts, m.learners, m.example) for m in c] == [
        ("chose_b", 1, 1, "b"),
        ("mean_vs_sum", 1, 1, "c"),
    ]
    assert c[0].label == "Chose “Mean squared error”"
    assert c[0].description == "MSE is for regression."
    assert c[1].label == "Mean and sum mixed up"


def test_a_template_items_misconception_is_described_by_its_question_type(app, world):
    """ce_one_hot with fixed params: its sign_dropped message, as the feedback page says it."""
    items = by_item(results(app, world))
    description = items[T].misconceptions[0].description
    assert description is not None and "sign" in description.lower()


def test_a_remedial_assignment_is_for_its_recipients_only(app, world):
    found = results(app, world, "A2")
    assert [line.display_name for line in found.learners] == ["Cat", "Dan"]
    lines = by_name(found)
    assert (lines["Cat"].attempted, lines["Cat"].score) == (1, pytest.approx(1 / 3))
    assert (lines["Dan"].attempted, lines["Dan"].score) == (1, 0.0)
    # N = 2, n = 1: Cat above Dan, so T separates them fully.
    assert by_item(found)[T].discrimination == 1.0
    assert by_item(found)[F].discrimination == 0.0 and by_item(found)[F].first_try_correct is None


def test_fewer_than_two_learners_give_no_discrimination(app, world):
    with app.app_context():
        assignment = db.session.get(Assignment, world.assignments["A2"])
        assignment.attempts_policy = "practice"
        db.session.commit()
    with app.app_context():
        from quizapp.models import Attempt

        db.session.execute(db.delete(Attempt).where(Attempt.user_id == world.learners["Dan"]))
        db.session.commit()
    found = results(app, world, "A2")
    assert (found.ranked, found.group_size) == (1, None)
    assert all(item.discrimination is None for item in found.items)


def test_class_results_per_learner_across_assignments(app, world):
    """A1 (3 items) is for everyone; A2 (3 items) for Cat and Dan only."""
    with app.app_context():
        found = class_results(db.session.get(Class, world.class_id))
    a1, a2 = world.assignments["A1"], world.assignments["A2"]
    assert [(a.assignment_id, a.for_everyone, a.remedial_code) for a in found.assignments] == [
        (a1, True, None),
        (a2, False, "sign_dropped"),
    ]
    lines = {line.display_name: line for line in found.learners}
    expected = {  # (assignments, attempted, total, score)
        "Ann": (1, 3, 3, 3 / 3),
        "Ben": (1, 3, 3, 2 / 3),
        "Cat": (2, 2 + 1, 6, (1.75 + 1) / 6),  # A2 is "once": her one T counts 1
        "Dan": (2, 1 + 1, 6, 0.0),
        "Eve": (1, 2, 3, 1.4 / 3),
        "Fay": (1, 0, 3, 0.0),
        "Gil": (1, 3, 3, 2 / 3),
    }
    for name, (assignments, attempted, total, score) in expected.items():
        line = lines[name]
        assert (line.assignments, line.attempted, line.total) == (assignments, attempted, total)
        assert line.completion == pytest.approx(attempted / total), name
        assert line.score == pytest.approx(score), name
    assert lines["Cat"].scores == pytest.approx({a1: 1.75 / 3, a2: 1 / 3})
    assert lines["Ann"].scores == pytest.approx({a1: 1.0})
    assert lines["Dan"].last_activity == world.times["Dan/A2"]
    assert lines["Ann"].last_activity == world.times["Ann"]  # not her practice outside it
    assert lines["Fay"].last_activity is None


def test_the_misconception_map_counts_attempts_per_learner_and_orders_codes_by_learners(app, world):
    with app.app_context():
        found = class_results(db.session.get(Class, world.class_id)).misconceptions
    assert [(c.code, c.learners, c.attempts) for c in found.codes] == [
        ("log_base_2", 3, 3),  # Ann, Ben, Cat (the owner's attempt does not count)
        ("sign_dropped", 1, 3),  # Dan: twice on A1, once on A2 (Hal and Ann's own do not)
        ("chose_b", 1, 1),
        ("mean_vs_sum", 1, 1),
    ]
    assert [c.label for c in found.codes] == [
        "Log base 2 instead of the natural log",
        "Sign dropped",
        "Chose “Mean squared error”",
        "Mean and sum mixed up",
    ]
    ids = world.learners
    assert found.count(ids["Dan"], "sign_dropped") == 3
    assert found.count(ids["Ann"], "log_base_2") == 1
    assert found.count(ids["Fay"], "log_base_2") == 0
    assert found.learners_with("log_base_2") == sorted([ids["Ann"], ids["Ben"], ids["Cat"]])


def test_a_class_without_assignments_has_empty_results(app, people):
    with app.app_context():
        from quizapp.models import User
        from quizapp.services import classes

        klass = classes.create_class(db.session.get(User, people["owner"]), "Empty")
        found = class_results(klass)
    assert found.assignments == () and found.learners == () and found.misconceptions.codes == ()


def test_the_groups_of_a_ranking_never_overlap_and_d_reads_them():
    from quizapp.services.item_analysis import bin_counts, discrimination, upper_and_lower

    assert upper_and_lower([3]) == ([], [])
    assert upper_and_lower([5, 4]) == ([5], [4])
    assert upper_and_lower(list(range(10))) == ([0, 1, 2], [7, 8, 9])
    for size in range(2, 60):
        upper, lower = upper_and_lower(list(range(size)))
        assert not set(upper) & set(lower), size
    assert discrimination({0, 1, 8}, [0, 1, 2], [7, 8, 9]) == pytest.approx(2 / 3 - 1 / 3)
    assert discrimination({0}, [], []) is None
    assert bin_counts([0, 0.0001, 0.4999, 0.5, 0.9999, 1]) == (1, 2, 2, 1)


def test_equal_totals_made_of_different_parts_are_a_tie_broken_by_user_id(app, world):
    """0.3 on one item and 0.1 + 0.2 on two are the same total; in floating point the second
    is 0.30000000000000004, which once ranked Ben (newer) above Ann and flipped D."""
    with app.app_context():
        a3 = add_assignment(world.class_id, world.version_id, "Tie")
        ann, ben = world.learners["Ann"], world.learners["Ben"]
        writer = AttemptWriter(world.version_id)
        writer.add(ann, a3, T, 0.3, True)  # right, with hints: 0.3
        writer.add(ben, a3, T, 0.1, False)
        writer.add(ben, a3, F, 0.2, False)
        writer.write()
        found = assignment_results(db.session.get(Assignment, a3))
    assert found.ranked == 2 and found.group_size == 1
    # Ann (the older account) is the upper group, Ben the lower: p_upper 1 − p_lower 0.
    assert found.items[0].discrimination == pytest.approx(1.0)


def test_the_class_page_counts_first_answers_of_a_once_assignment_with_repeats(app, world):
    """A1 made "once" after its learners answered some items twice: no aggregate gives the
    first answer, so the class page folds A1's attempts as A1's page does (a sixth SELECT),
    and the two pages give each learner the same score."""
    assignment_page = {
        line.display_name: line.score for line in results(app, world, policy="once").learners
    }
    with app.app_context():
        klass = db.session.get(Class, world.class_id)
        with StatementLog(app) as log:
            found = class_results(klass)
    a1 = world.assignments["A1"]
    class_page = {line.display_name: line.scores[a1] for line in found.learners}
    assert class_page == assignment_page
    assert class_page["Ann"] == pytest.approx((0 + 1 + 1) / 3)  # her first T was wrong
    assert class_page["Cat"] == pytest.approx((0.75 + 0 + 0) / 3)  # so was her first F
    lines = {line.display_name: line for line in found.learners}
    assert lines["Cat"].score == pytest.approx((0.75 + 1) / 6)  # A2's one T still counts 1
    assert len(log.selects) == 6, log.selects


@pytest.mark.parametrize("policy", ["practice", "once"])
def test_an_attempt_at_an_item_not_in_the_version_counts_on_neither_page(app, world, policy):
    """The app serves an assignment only its version's items, but a row written by hand can
    name none (NULL) or another set's: Fay's right answers at two such items of A1 (one
    answered twice) give her nothing on the class page, as on A1's page (the class page
    once counted them, 2 of 3 items), and her wrong one no misconception. The two pages'
    scores are equal exactly: both sum the same cells in the same order."""
    with app.app_context():
        a1 = world.assignments["A1"]
        writer = AttemptWriter(world.version_id)
        writer.add(world.learners["Fay"], a1, None, 1.0, True)
        writer.add(world.learners["Fay"], a1, "from-another-set", 1.0, True)
        writer.add(world.learners["Fay"], a1, "from-another-set", 1.0, True)  # a repeat
        writer.add(world.learners["Fay"], a1, None, 0.0, False, diagnosis="sign_dropped")
        writer.write()
    assignment_page = by_name(results(app, world, policy=policy))
    with app.app_context():
        whole = class_results(db.session.get(Class, world.class_id))
    class_page = by_name(whole)
    # Nor does its diagnosis, in the class's misconception map (A1's page lists by item).
    assert whole.misconceptions.count(world.learners["Fay"], "sign_dropped") == 0
    fay_here, fay_there = assignment_page["Fay"], class_page["Fay"]
    assert (fay_here.attempted, fay_here.score, fay_here.last_activity) == (0, 0.0, None)
    assert (fay_there.attempted, fay_there.scores[a1], fay_there.last_activity) == (0, 0.0, None)
    for name, line in class_page.items():
        assert line.scores[a1] == assignment_page[name].score, name
