"""Addresses built once (``fixed_url``) are the ones ``url_for`` builds, per script root."""

from __future__ import annotations

from support import ONE_HOT_PARAMS, token_from

SCRIPT = 'src="{prefix}/static/js/answer-preview.js'
PREVIEW = 'data-preview-url="{prefix}/practice/preview"'


def test_the_question_page_prints_its_fixed_addresses_as_url_for_would(client):
    token = token_from(
        client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS})
    )
    for _view in range(2):  # built, then kept
        page = client.get(f"/practice/question/{token}").data.decode()
        assert SCRIPT.format(prefix="") in page and PREVIEW.format(prefix="") in page
    mounted = client.get(
        f"/practice/question/{token}", base_url="http://localhost/quiz"
    ).data.decode()
    assert SCRIPT.format(prefix="/quiz") in mounted and PREVIEW.format(prefix="/quiz") in mounted
    assert SCRIPT.format(prefix="") in client.get(f"/practice/question/{token}").data.decode()
