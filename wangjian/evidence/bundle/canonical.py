"""Canonical JSON for signed and logged objects.

Keys sorted, no insignificant whitespace, UTF-8 without escapes. For the objects we sign
(string keys in ASCII, strings, integers, booleans, lists; never floats) this is the same byte
string as RFC 8785 JSON Canonicalization, so anyone can recompute it.
"""

import json


def canonical_json(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
