"""Security: no key over clear-text http to remote hosts, TLS verification, and the key never
appearing in repr/str, error messages, tracebacks or logs."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

import certifi
import httpx
import pytest

from iottui.api import IoTClient
from iottui.api.client import is_loopback_host
from iottui.api.errors import InsecureURLError, IoTError, ValidationError

from .conftest import BASE_URL, KEY, Recorder, Sleeps, ZeroRandom, load_response


@pytest.mark.parametrize(
    "url",
    [
        "http://api.teamviewer-iot.com",
        "http://10.0.0.7:8080",
        "http://192.168.1.2",
        "http://127.0.0.1.example.com",
        "http://app.localhost",
        "http://[2001:db8::1]",
    ],
)
def test_http_to_remote_hosts_is_refused(url: str) -> None:
    with pytest.raises(InsecureURLError) as info:
        IoTClient(url, KEY)
    assert "in clear" in str(info.value)
    assert KEY not in str(info.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080",
        "http://127.8.9.10",
        "http://localhost:5000",
        "http://LOCALHOST",
        "http://[::1]:9000",
        "https://api.teamviewer-iot.com",
        "https://10.0.0.7",
    ],
)
async def test_loopback_http_and_any_https_are_allowed(url: str) -> None:
    client = IoTClient(url, KEY)
    await client.aclose()
    assert client.base_url == url.rstrip("/").replace("LOCALHOST", "localhost")


@pytest.mark.parametrize("url", ["ftp://host", "api.teamviewer-iot.com", "", "https://"])
def test_bad_urls(url: str) -> None:
    with pytest.raises(ValidationError) as info:
        IoTClient(url, KEY)
    assert info.value.field == "base_url"


def test_url_with_credentials_is_refused() -> None:
    with pytest.raises(ValidationError):
        IoTClient("https://user:pw@host.example", KEY)


def test_loopback_detection() -> None:
    assert is_loopback_host("127.0.0.1")
    assert is_loopback_host("::1")
    assert is_loopback_host("[::1]")
    assert is_loopback_host("localhost")
    assert not is_loopback_host("128.0.0.1")
    assert not is_loopback_host("example.com")


async def test_ca_bundle(tmp_path: Path) -> None:
    client = IoTClient("https://host.example", KEY, verify=certifi.where())
    await client.aclose()
    with pytest.raises(ValidationError) as info:
        IoTClient("https://host.example", KEY, verify=str(tmp_path / "missing.pem"))
    assert info.value.field == "verify"


@pytest.mark.parametrize("key", ["", "   ", "abc\ndef", "abc\rdef"])
def test_bad_keys_are_refused_without_echo(key: str) -> None:
    with pytest.raises(ValidationError) as info:
        IoTClient(BASE_URL, key)
    assert info.value.field == "api_key"
    if key.strip():
        assert key not in str(info.value)


def _handlers() -> list[object]:
    def echo_key(request: httpx.Request) -> httpx.Response:
        # A misbehaving server that echoes the Authorization header in its error text.
        auth = request.headers["authorization"]
        return httpx.Response(400, json={"error": {"code": "1", "desc": f"bad header {auth}"}})

    def raising(exc_type: type[httpx.RequestError]) -> object:
        def handler(request: httpx.Request) -> httpx.Response:
            raise exc_type("failure", request=request)

        return handler

    return [
        echo_key,
        lambda r: httpx.Response(401, json={"error": {"code": "2", "desc": "unauthorised"}}),
        lambda r: httpx.Response(403, text="forbidden"),
        lambda r: httpx.Response(404, json={"error": {"code": "3", "desc": "no"}}),
        lambda r: httpx.Response(429, headers={"Retry-After": "1"}),
        lambda r: httpx.Response(500, text="boom"),
        lambda r: httpx.Response(200, content=b'{"data": [tru'),
        lambda r: httpx.Response(200, json={"data": "neither a list nor an object"}),
        raising(httpx.ConnectError),
        raising(httpx.ConnectTimeout),
        raising(httpx.ReadTimeout),
        raising(httpx.RemoteProtocolError),
    ]


@pytest.mark.parametrize("index", range(12))
async def test_key_never_leaks(index: int, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    handler = _handlers()[index]
    sleeps = Sleeps()
    client = IoTClient(
        BASE_URL,
        KEY,
        transport=httpx.MockTransport(handler),  # type: ignore[arg-type]
        sleep=sleeps,
        rng=ZeroRandom(),
    )
    events: list[object] = []
    client.add_listener(events.append)
    async with client:
        with pytest.raises(IoTError) as info:
            await client.fleet.get()
        with pytest.raises(IoTError) as info_post:
            await client.alarms.close("745ea3cb")
    texts = [repr(client), str(client), repr(client.stats), repr(events), caplog.text]
    for error in (info.value, info_post.value):
        texts += [str(error), repr(error), repr(error.__dict__)]
        texts.append("".join(traceback.format_exception(error)))
    for text in texts:
        assert KEY not in text


async def test_key_not_in_logs_on_success(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    recorder = Recorder()
    recorder.reply_json(load_response("fleet.get"))
    async with IoTClient(BASE_URL, KEY, transport=httpx.MockTransport(recorder)) as client:
        await client.fleet.get()
    assert "fleet.get" in caplog.text  # something is logged ...
    assert KEY not in caplog.text  # ... but never the key
    assert "Bearer" not in caplog.text
