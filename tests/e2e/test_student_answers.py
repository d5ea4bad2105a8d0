"""Learners' answers (tests/data/student-answers.json) over HTTP from the real gunicorn server:
the verdict, the feedback codes and every reading warning (field:code), or the problem."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.operations.test_student_answers import PAIRS, pair_id, request


@pytest.mark.slow
@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_a_learners_answer_is_checked_over_http_as_the_table_says(
    live_server: str, pair: dict[str, Any]
) -> None:
    response = requests.post(f"{live_server}/v1/check", json=request(pair), timeout=10)
    body = response.json()
    if "error" in pair:
        assert response.status_code == 422
        assert response.headers["Content-Type"] == "application/problem+json"
        assert (body["code"], body["field"]) == (pair["error"], "answer")
        assert body.get("suggestion") == pair.get("suggestion")
        return
    assert response.status_code == 200
    assert body["correct"] is pair["correct"]
    assert [item["code"] for item in body["feedback"]] == pair["feedback"]
    assert [f"{w['field']}:{w['code']}" for w in body["warnings"]] == pair["warnings"]
