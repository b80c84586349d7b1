"""THE AUTHORISATION TABLE: who gets what status from every URL rule of the app.

tests/test_authorisation_matrix.py walks ``app.url_map.iter_rules()`` and requests each
rule, for each of its methods, as every role below, with real ids and tokens filled in
for its converters (see the ``world`` fixture there). A rule (endpoint + method) that is
missing here fails the suite: **when you add a route, add its row here**, saying who may
use it. That is the point of the table: nobody adds a page without deciding who may see it.

Roles (the ``learner`` and the ``instructor`` own the resources in the URLs):

- ``anon``        not signed in;
- ``learner``     owns the served question, attempt, interview round and API token in the URLs;
- ``learner2``    another learner;
- ``instructor``  owns the question set (and its item and problem report) and the class in
                  the URLs (the learner and learner2 are learners in that class);
- ``instructor2`` another instructor;
- ``admin``       an admin (sees every set, manages roles).

Each row is (endpoint, method) → a profile name, or a dict of role → status for the odd
ones. Profiles map each role to the exact status it must get. Requests are sent with
harmless form data (see ``FORM``), so a POST that is allowed typically answers with its
form's validation status (200/422) or its redirect (303); what matters is the difference
between "in" and 302-to-sign-in / 401 / 403 / 404.
"""

from __future__ import annotations

ROLES = ("anon", "learner", "learner2", "instructor", "instructor2", "admin")


def same(status: int) -> dict[str, int]:
    """Everyone gets ``status``."""
    return {role: status for role in ROLES}


def signed_in(status: int, anon: int = 302) -> dict[str, int]:
    """Anyone signed in gets ``status``; anonymous visitors are sent to sign in (302)."""
    return {"anon": anon, **{role: status for role in ROLES if role != "anon"}}


def learners_own(status: int) -> dict[str, int]:
    """The learner's own resource: theirs alone; everyone else, admins too, gets 404."""
    return {**same(404), "anon": 302, "learner": status}


def instructors(status: int) -> dict[str, int]:
    """The instructor area outside any one set: instructors and admins; learners 403."""
    return {"anon": 302, "learner": 403, "learner2": 403, **{r: status for r in ROLES[3:]}}


def set_owner(status: int) -> dict[str, int]:
    """One set's pages: its owner and admins; another instructor 404, learners 403."""
    return {**instructors(status), "instructor2": 404}


def class_api(status: int) -> dict[str, int]:
    """A class in the API: its instructors' and admins' tokens; any other token 404 (the
    class does not exist for them, learners included); no token 401."""
    return {**same(404), "anon": 401, "instructor": status, "admin": status}


def admins(status: int) -> dict[str, int]:
    """Admin pages: admins only."""
    return {**same(403), "anon": 302, "admin": status}


#: (endpoint, method) → the status each role gets.
TABLE: dict[tuple[str, str], dict[str, int]] = {
    # Public pages and the static files.
    ("main.home", "GET"): same(200),
    ("static", "GET"): same(200),
    ("healthz", "GET"): same(200),  # for load balancers: database up, nothing personal
    ("main.csp_report", "POST"): same(415),  # browsers' CSP reports; a form body is none
    # Accounts. Signed-in visitors are sent away from the sign-in and sign-up forms.
    ("auth.sign_in", "GET"): same(200),
    ("auth.sign_in", "POST"): same(422),
    ("auth.sign_up", "GET"): same(200),
    ("auth.sign_up", "POST"): same(422),
    ("auth.sign_out", "POST"): same(303),
    ("auth.sign_out_everywhere", "POST"): signed_in(303),
    ("auth.account", "GET"): signed_in(200),
    ("auth.change_password", "GET"): signed_in(200),
    ("auth.change_password", "POST"): signed_in(422),
    ("auth.delete", "GET"): signed_in(200),
    ("auth.delete", "POST"): signed_in(422),
    ("auth.export", "GET"): signed_in(200),
    ("auth.export_csv", "GET"): signed_in(200),
    ("auth.create_api_token", "POST"): signed_in(303),
    ("auth.revoke_api_token", "POST"): learners_own(303),
    ("auth.set_timezone", "POST"): signed_in(422),  # no zone sent
    # Practice: open to guests; a served question belongs to whoever it was served to.
    ("practice.start", "GET"): same(200),
    ("practice.begin", "POST"): same(422),
    ("practice.next_question", "POST"): same(303),
    ("practice.preview", "GET"): same(200),
    ("practice.fixed", "GET"): same(303),
    ("practice.question", "GET"): {**same(404), "learner": 200},
    ("practice.question_again", "GET"): same(303),  # to the question page, which decides,
    ("practice.answer", "POST"): {**same(404), "learner": 303},
    ("practice.hint", "POST"): {**same(404), "learner": 303},
    ("practice.feedback", "GET"): {**same(404), "learner": 200},
    ("practice.self_assess", "POST"): {**same(404), "learner": 400},  # not an explain question,
    ("practice.try_again", "POST"): {**same(404), "learner": 303},
    ("practice.another", "POST"): {**same(404), "learner": 303},
    # Interview rounds: guests too; a round belongs to its owner.
    ("interview.index", "GET"): same(200),
    ("interview.start", "POST"): {**same(422), "learner": 303},  # learner: resumes their round,
    ("interview.start_again", "GET"): same(303),
    ("interview.round_page", "GET"): {**same(404), "learner": 200},
    ("interview.answer", "POST"): {**same(404), "learner": 303},
    ("interview.answer_again", "GET"): same(303),  # to the round page, which decides,
    ("interview.abandon", "POST"): {**same(404), "learner": 303},
    ("interview.summary", "GET"): {**same(404), "learner": 303},
    # Progress: one's own only.
    ("dashboard.index", "GET"): signed_in(200),
    ("dashboard.review", "GET"): signed_in(200),
    ("dashboard.practise_due", "POST"): signed_in(303),
    ("dashboard.attempt", "GET"): learners_own(200),
    # The JSON API: anonymous use for questions; progress needs a personal token.
    ("api.openapi", "GET"): same(200),
    ("api.question_types", "GET"): same(200),
    ("api.question_type", "GET"): same(200),
    ("api.create_question", "POST"): same(201),
    ("api.create_answer", "POST"): same(422),
    ("api.progress", "GET"): signed_in(200, anon=401),
    # A class's results for its instructors' tokens; to anyone else the class does not exist.
    ("api.classes", "GET"): signed_in(200, anon=401),  # a learner's list is empty
    ("api.class_attempts", "GET"): class_api(200),
    ("api.class_results", "GET"): class_api(200),
    # A published set's learners' link: everyone.
    ("set_links.show", "GET"): same(200),
    ("set_links.start", "POST"): same(303),
    ("set_links.next_item", "POST"): same(303),
    ("set_links.practise_item", "POST"): same(303),
    ("set_links.report", "POST"): {**same(404), "learner": 303},
    # The instructor area.
    ("instructor.index", "GET"): instructors(200),
    ("instructor.new_set", "GET"): instructors(200),
    ("instructor.new_set", "POST"): instructors(422),
    ("instructor.import_set", "GET"): instructors(200),
    ("instructor.import_set", "POST"): instructors(422),
    ("instructor.set_page_view", "GET"): set_owner(200),
    ("instructor.edit_details", "GET"): set_owner(200),
    ("instructor.edit_details", "POST"): set_owner(303),
    ("instructor.publish", "POST"): set_owner(303),
    ("instructor.export", "GET"): set_owner(200),
    ("instructor.reports", "GET"): set_owner(200),
    ("instructor.resolve_report", "POST"): set_owner(303),
    ("instructor.item_page", "GET"): set_owner(200),
    ("instructor.new_item", "GET"): set_owner(200),
    ("instructor.new_item", "POST"): set_owner(422),
    ("instructor.edit_item", "GET"): set_owner(200),
    ("instructor.edit_item", "POST"): set_owner(422),
    ("instructor.move_item", "POST"): set_owner(303),
    ("instructor.duplicate_item", "POST"): set_owner(303),
    ("instructor.delete_item", "GET"): set_owner(200),
    ("instructor.delete_item", "POST"): set_owner(303),
    ("instructor.preview_item", "GET"): set_owner(200),
    ("instructor.preview_answer", "POST"): set_owner(200),
    ("instructor.preview_hint", "POST"): set_owner(200),
    # Classes, the learners' side: the learner and learner2 are learners in the class.
    ("classes.index", "GET"): signed_in(200),
    ("classes.join", "POST"): signed_in(422),  # no code sent
    ("classes.join_link", "GET"): signed_in(200),
    ("classes.join_link", "POST"): signed_in(303),
    ("classes.leave", "POST"): {**same(404), "anon": 302, "learner": 303, "learner2": 303},
    # Classes, the instructors' side: the class's instructors (owner, co-instructors), admins.
    ("instructor.class_list", "GET"): instructors(200),
    ("instructor.class_list", "POST"): instructors(303),  # creates a class named "x"
    ("instructor.class_page", "GET"): set_owner(200),
    ("instructor.rotate_code", "POST"): set_owner(303),
    ("instructor.remove_learner", "POST"): set_owner(303),
    ("instructor.add_co_instructor", "POST"): set_owner(422),  # no email sent
    ("instructor.remove_co_instructor", "POST"): set_owner(404),  # learner2 is no co-instructor
    ("instructor.rename_class", "POST"): set_owner(303),  # renames it "x"
    ("instructor.assign", "POST"): set_owner(422),  # no set chosen
    # A class assignment (for the whole class): its learners practise it; the class's
    # instructors (and admins) may preview its page but not practise it.
    ("assignments.page", "GET"): {
        **same(404),
        "anon": 302,
        "learner": 200,
        "learner2": 200,
        "instructor": 200,
        "admin": 200,
    },
    ("assignments.practise_item", "POST"): {
        **same(404),
        "anon": 302,
        "learner": 303,
        "learner2": 303,
    },
    ("assignments.next_item", "POST"): {**same(404), "anon": 302, "learner": 303, "learner2": 303},
    # Exports of a class's results (CSV downloads): its instructors and admins.
    ("instructor.class_attempts_csv", "GET"): set_owner(200),
    ("instructor.assignment_attempts_csv", "GET"): set_owner(200),
    ("instructor.class_summary_csv", "GET"): set_owner(200),
    ("instructor.assignment_summary_csv", "GET"): set_owner(200),
    # A class's results: its instructors and admins (another instructor 404, learners 403).
    ("instructor.class_results", "GET"): set_owner(200),
    ("instructor.assignment_results", "GET"): set_owner(200),
    ("instructor.assign_remedial", "POST"): set_owner(303),  # no code sent: back to the map
    # Admin.
    ("admin.users", "GET"): admins(200),
    ("admin.change_role", "POST"): admins(303),
    ("admin.sign_out_user", "POST"): admins(303),
    ("admin.audit_log", "GET"): admins(200),
}
