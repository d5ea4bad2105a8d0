"""Requests held open on purpose: the headers and all of the body but its last byte are sent,
so the server has the request in hand (a worker reads its body) until ``finish`` sends the
rest. This puts a request in flight at a known moment, whatever the machine's speed."""

from __future__ import annotations

import http.client
import json
import socket
from typing import Any
from urllib.parse import urlsplit


class HeldRequest:
    """One POST with its last byte held back, on its own connection."""

    def __init__(self, base_url: str, path: str, body: Any) -> None:
        url = urlsplit(base_url)
        host, port = url.hostname or "127.0.0.1", url.port or 80
        payload = json.dumps(body).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
            "Connection: close\r\n\r\n"
        ).encode()
        self.socket = socket.create_connection((host, port), timeout=60)
        self.socket.sendall(head + payload[:-1])
        self.rest = payload[-1:]

    @property
    def port(self) -> int:
        """The client's port: the server's socket for this request has it as its peer."""
        port: int = self.socket.getsockname()[1]
        return port

    def finish(self) -> tuple[int, Any]:
        """Send the last byte and read the answer: its status and JSON body.

        Raises OSError (or http.client's errors) when the connection was lost."""
        try:
            self.socket.sendall(self.rest)
            response = http.client.HTTPResponse(self.socket)
            response.begin()
            return response.status, json.loads(response.read())
        finally:
            self.socket.close()
