"""OPC-UA node ids and the ``nodeids`` string that maps them to a sensor's metrics.

One rule for all layers (before: three regexes and four parsers — the client required quotes
and refused a quote inside, the form accepted ``ns=1;s= x``, the simulator any text after
``s=``, the CLI and the form split with two different tokenisers):

- A **node id** is ``ns=<namespace>;<type>=<identifier>`` (the document: "Provide the nodeId as
  in the example: 'ns=1;s=Folder.Item.Property'"). The namespace is a whole number 0-65535; the
  type is ``s`` (string: any text without quotes or control characters, not starting with a
  blank), ``i`` (numeric: 0-4294967295), ``g`` (a GUID) or ``b`` (base64 bytes), as in the
  OPC UA specification's string form of a NodeId. Quotes are refused because the wire form
  quotes each node id with ``'`` and has no escape.
- The **nodeids string** is "nodeId1 metricId1 nodeId2 metricId2" (the document), each node id
  in single quotes in the document's example; :func:`parse_nodeids` reads node ids quoted with
  ``'`` or ``"`` or bare, and :func:`format_nodeids` always writes the document's quoted form.
- Every metric of an OPC-UA sensor is mapped exactly once (the document: a metric "represents
  the OPC UA node"; "Metric ids should be the same provided in the metrics array"), and every
  mapped metric id is one of the sensor's metrics.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from iottui.api.domain.problems import Problem
from iottui.api.domain.text import is_hidden

_NODE_RE = re.compile(r"ns=(\d{1,5});([sigb])=(.*)", re.DOTALL)
_GUID_RE = re.compile(
    r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
)
_BASE64_RE = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
_TOKEN_RE = re.compile(r"'([^']*)'|\"([^\"]*)\"|([^\s'\"]+)|(['\"])")
_EXAMPLE = "'ns=1;s=Folder.Item.Property'"


def node_id_problems(node: object, field: str = "nodeid") -> list[Problem]:
    """What is wrong with one node id (nothing: an empty list)."""
    if not isinstance(node, str):
        return [Problem(field, f"a node id must be text, got {type(node).__name__}")]
    match = _NODE_RE.fullmatch(node)
    if match is None:
        return [
            Problem(
                field,
                f"node id {node!r} is not like {_EXAMPLE} (ns=<index>;<s|i|g|b>=<identifier>)",
            )
        ]
    namespace, kind, ident = match.groups()
    reason = ""
    if int(namespace) > 65535:
        reason = "the namespace index is at most 65535"
    elif not ident:
        reason = "the identifier after '=' is empty"
    elif kind == "s" and (ident[0].isspace() or any(c in "'\"" or is_hidden(c) for c in ident)):
        reason = "a string identifier must not start with a blank or hold quotes or controls"
    elif kind == "i" and not (ident.isascii() and ident.isdigit() and int(ident) < 2**32):
        reason = "a numeric identifier (i=) is a whole number 0-4294967295"
    elif kind == "g" and not _GUID_RE.fullmatch(ident):
        reason = "a GUID identifier (g=) is like 72962B91-FA75-4AE6-8D28-B404DC7DAF63"
    elif kind == "b" and not _BASE64_RE.fullmatch(ident):
        reason = "a byte-string identifier (b=) is base64"
    return [Problem(field, f"node id {node!r}: {reason}")] if reason else []


def parse_nodeids(text: str, field: str = "nodeids") -> tuple[list[tuple[str, str]], list[Problem]]:
    """``"'ns=1;s=A' temp 'ns=1;s=B' vel"`` -> ``[("ns=1;s=A", "temp"), ("ns=1;s=B", "vel")]``.

    Only the shape is read here (pairs of a node id and a metric id); what the pairs say is
    checked by :func:`nodeids_problems`.
    """
    words: list[str] = []
    for match in _TOKEN_RE.finditer(text):
        single, double, bare, stray = match.groups()
        if stray is not None:
            return [], [Problem(field, f"a quote is not closed in {text!r}")]
        words.append(single if single is not None else double if double is not None else bare)
    if not words:
        return [], [Problem(field, "no node id is mapped to a metric")]
    if len(words) % 2:
        return [], [
            Problem(
                field,
                f'expected pairs of a quoted node id and a metric id (e.g. "{_EXAMPLE} temp"), '
                f"got {len(words)} words",
            )
        ]
    return list(zip(words[::2], words[1::2], strict=True)), []


def format_nodeids(pairs: Sequence[tuple[str, str]]) -> str:
    """The wire form of (node id, metric id) pairs, as in the document's example."""
    return " ".join(f"'{node}' {metric}" for node, metric in pairs)


def nodeids_problems(
    pairs: Sequence[tuple[str, str]],
    metric_ids: Collection[str] | None,
    field: str = "nodeids",
) -> list[Problem]:
    """What is wrong with a mapping of node ids to a sensor's metrics (``metric_ids``; None
    when they are not known to the caller, as for an update that keeps the metrics)."""
    if not pairs:
        return [Problem(field, "no node id is mapped to a metric")]
    out: list[Problem] = []
    mapped: set[str] = set()
    for i, (node, metric_id) in enumerate(pairs):
        where = f"{field}[{i}]"
        out += node_id_problems(node, where)
        if metric_ids is not None and metric_id not in metric_ids:
            out.append(
                Problem(
                    where,
                    f"metric id {metric_id!r} is not one of the sensor's metrics "
                    f"({', '.join(sorted(metric_ids))})",
                )
            )
        elif metric_id in mapped:
            out.append(Problem(where, f"metric id {metric_id!r} is mapped twice"))
        mapped.add(metric_id)
    if metric_ids is not None:
        missing = sorted(m for m in metric_ids if m not in mapped)
        if missing:
            out.append(Problem(field, f"metric {', '.join(map(repr, missing))} has no node id"))
    return out


def read_nodeids(
    text: str, metric_ids: Collection[str] | None, field: str = "nodeids"
) -> tuple[list[tuple[str, str]], list[Problem]]:
    """:func:`parse_nodeids` then :func:`nodeids_problems`."""
    pairs, problems = parse_nodeids(text, field)
    if problems:
        return [], problems
    return pairs, nodeids_problems(pairs, metric_ids, field)
