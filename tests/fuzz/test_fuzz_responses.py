"""Every operation's response path under generated bodies: models or ResponseFormatError only.

The real client is driven end to end through ``httpx.MockTransport``: status handling, body
decoding, the error body and the parser of each of the 53 operations. Bodies are mutations of
the document's own examples (recased keys, numbers as strings, wrong types, missing fields,
huge strings, deep nesting, hostile unicode) plus broken envelopes and non-JSON bytes.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iottui.api.client import IoTClient
from iottui.api.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
)
from iottui.api.routes import OPERATIONS

from .operations import BODIES, CALLS
from .strategies import error_body, success_body

KEY = "fuzz-secret-key-0123456789"
EXAMPLES = int(os.environ.get("IOTTUI_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=os.environ.get("IOTTUI_FUZZ_RANDOM") is None,
)
OP_IDS = [op.id for op in OPERATIONS]

EXPECTED_ERROR: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFoundError,
    429: RateLimitError,
    500: ServerError,
    502: ServerError,
    503: ServerError,
}


def _run(op_id: str, status: int, body: bytes, headers: dict[str, str] | None = None) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            status, content=body, headers={"content-type": "application/json", **(headers or {})}
        )

    async def go() -> Any:
        async with IoTClient(
            "http://127.0.0.1:9",
            KEY,
            transport=httpx.MockTransport(handler),
            max_retries=0,
            timeout=5.0,
        ) as client:
            return await CALLS[op_id](client)

    return asyncio.run(go())


def _is_model_result(value: Any) -> bool:
    if value is None or isinstance(value, str | int):
        return True
    if isinstance(value, list | tuple):
        return all(dataclasses.is_dataclass(v) for v in value)
    return dataclasses.is_dataclass(value)


def test_every_operation_has_a_body_and_a_call() -> None:
    assert set(BODIES) == set(OP_IDS)
    assert set(CALLS) == set(OP_IDS)


@pytest.mark.parametrize("op_id", OP_IDS)
def test_documented_body_parses(op_id: str) -> None:
    """The unmutated example body is accepted: the baseline the fuzzing departs from."""
    from .strategies import encode

    result = _run(op_id, 200, encode(BODIES[op_id]))
    assert _is_model_result(result), result


@pytest.mark.parametrize("op_id", OP_IDS)
@FUZZ
@given(data=st.data())
def test_success_responses_give_models_or_format_error(op_id: str, data: st.DataObject) -> None:
    body = data.draw(success_body(BODIES[op_id]), label="body")
    outcome: Any
    try:
        outcome = _run(op_id, 200, body)
    except (ResponseFormatError, APIError) as exc:
        outcome = exc
    if isinstance(outcome, ResponseFormatError):
        assert outcome.operation, "a ResponseFormatError names its operation"
        assert KEY not in str(outcome)
    elif isinstance(outcome, APIError):
        # Only a body carrying an error object may turn a 200 into an APIError.
        assert b'"error"' in body.lower(), repr(outcome)
    else:
        assert _is_model_result(outcome), repr(outcome)[:300]


@pytest.mark.parametrize("status", sorted(EXPECTED_ERROR))
@settings(FUZZ, max_examples=max(10, EXAMPLES // 2))
@given(
    op_id=st.sampled_from(OP_IDS),
    body=error_body(),
    retry_after=st.sampled_from(
        [None, "3", "0", "-1", "abc", "1e9", "Wed, 21 Oct 2015 07:28:00 GMT"]
    ),
)
def test_error_responses_give_the_mapped_api_error(
    status: int, op_id: str, body: bytes, retry_after: str | None
) -> None:
    headers = {"retry-after": retry_after} if retry_after is not None else None
    with pytest.raises(APIError) as info:
        _run(op_id, status, body, headers)
    assert isinstance(info.value, EXPECTED_ERROR[status]), repr(info.value)
    assert info.value.status == status
    assert KEY not in str(info.value)
    if isinstance(info.value, RateLimitError) and info.value.retry_after is not None:
        assert info.value.retry_after >= 0
