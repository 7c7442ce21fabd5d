"""The ONE place where query values are encoded.

The API takes arrays and objects in the query string as JSON text, URL-encoded, e.g.
``range=[1574679580889,1574679640889]`` or ``metrics=[{"sensorId":1}]``. Scalars are sent as
their plain text (booleans as ``true``/``false``). The simulator decodes with
:func:`decode_query_value`, so both ends agree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

__all__ = ["decode_query_value", "encode_query", "encode_query_value"]


def encode_query_value(value: object) -> str:
    """The text of one query value (not yet URL-encoded).

    >>> encode_query_value([1574679580889, 1574679640889])
    '[1574679580889,1574679640889]'
    >>> encode_query_value(3)
    '3'
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    raise TypeError(f"cannot encode a {type(value).__name__} as a query value")


def encode_query(params: Mapping[str, object]) -> str:
    """A query string (without ``?``); ``None`` values are left out, everything is percent-encoded.

    >>> encode_query({"range": [1, 2], "status": 1})
    'range=%5B1%2C2%5D&status=1'
    """
    parts = []
    for key, value in params.items():
        if value is None:
            continue
        parts.append(f"{quote(key, safe='')}={quote(encode_query_value(value), safe='')}")
    return "&".join(parts)


def decode_query_value(text: str) -> Any:
    """The inverse for arrays and objects: JSON text to a value; other text is returned as is."""
    stripped = text.strip()
    if stripped[:1] in ("[", "{"):
        return json.loads(stripped)
    return text
