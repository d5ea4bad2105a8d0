"""Rewrite the answer examples of openapi.yaml with what the service answers now.

    .venv/bin/python -m tests.contract.refresh_examples

Each example named by tests/contract/test_examples.py (a 200 example and the request example
of the same name, or an error example with its ``x-request``) is sent to the app; its
one-line JSON ``value`` in openapi.yaml is replaced by the real answer. Review the diff.
"""

from __future__ import annotations

import json
from typing import Any

from service.app import create_app
from service.settings import Settings

from .openapi import SPEC_PATH
from .test_examples import ANSWERED, send


def flow(value: Any) -> str:
    """An example value as it is written in openapi.yaml: one line of JSON."""
    return json.dumps(value, ensure_ascii=False)


def main() -> None:
    """Refresh every answered example in place and say which changed."""
    app = create_app(Settings.from_env({}))
    text = SPEC_PATH.read_text(encoding="utf-8")
    try:
        client = app.test_client()
        for name, request, _status, body in ANSWERED:
            answer = send(client, request).get_json()
            if answer != body:
                assert text.count(flow(body)) == 1, f"{name}: its value is not one JSON line"
                text = text.replace(flow(body), flow(answer))
                print(f"refreshed {name}")
    finally:
        app.extensions["deriv.pool"].close()
    SPEC_PATH.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
