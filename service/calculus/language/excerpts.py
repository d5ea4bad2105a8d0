"""Short, escaped caret excerpts of user text for error messages.

An excerpt shows at most ``WINDOW`` characters of the input around the offending position on
one line, with every character outside printable ASCII escaped (``\\n``, ``\\u00e9``, ...), and
a second line with ``^`` under the position. It never echoes more of the input than that.
"""

from __future__ import annotations

from service.calculus.errors import ParseError

WINDOW = 40
"""Most characters of the input an excerpt shows."""


def escape_char(char: str) -> str:
    """Printable ASCII stays as it is; anything else becomes a Python-style escape."""
    if " " <= char <= "~":
        return char
    code = ord(char)
    if char in "\n\r\t":
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[char]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def excerpt(text: str, position: int) -> str:
    """Return the caret excerpt of ``text`` around ``position`` (0-based, may be ``len(text)``)."""
    position = max(0, min(position, len(text)))
    start = max(0, position - WINDOW // 2)
    end = min(len(text), start + WINDOW)
    start = max(0, min(start, end - WINDOW))
    before = "".join(escape_char(c) for c in text[start:position])
    after = "".join(escape_char(c) for c in text[position:end])
    prefix = "..." if start > 0 else ""
    suffix = "..." if end < len(text) else ""
    line = f"{prefix}{before}{after}{suffix}"
    return f"{line}\n{' ' * (len(prefix) + len(before))}^"


def describe(char: str) -> str:
    """Name one character safely for a message: ``'x'`` or ``U+00E9``."""
    if " " < char <= "~":
        return f"'{char}'"
    return f"U+{ord(char):04X}"


def parse_error(message: str, text: str, position: int, field: str) -> ParseError:
    """Build a ParseError carrying the field, the position and its caret excerpt."""
    return ParseError(message, field=field, position=position, excerpt=excerpt(text, position))
