"""The simulator's ASGI application: ``create_app(config)``.

Serves the same :class:`~iottui.api.routes.RouteTable` as the client (a path override applies to
both ends), checks the Bearer key, accepts only GET and POST, dispatches POSTs by their
``action`` (case-insensitive) and answers in the API document's shapes. Every failure, including
malformed JSON, wrong types, unknown fields and huge bodies, gets the ``{"error": {"code",
"desc"}}`` shape and a log line; nothing a client sends can crash the server.

Test and control endpoints live under ``/__sim/`` (key-protected except ``/__sim/health``):
``faults`` (GET/POST), ``clock`` (GET; POST ``{"advance": ms}`` or ``{"set": ms}`` with a fixed
clock), ``tick`` (POST: evaluate rules now), ``outbox`` and ``notifications`` (GET).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import anyio.to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from iottui.api.domain import has_surrogate
from iottui.gcpause import gc_paused
from iottui.sim.config import FaultSpec, FaultSpecError, SimConfig
from iottui.sim.engine import Engine
from iottui.sim.errors import UNKNOWN_ACTION_DESC, ErrorKind, SimError, error_body
from iottui.sim.faults import CONTROL_PREFIX, FaultInjector, FaultMiddleware
from iottui.sim.handlers import ROUTES, RouteSpec
from iottui.sim.notify import Notifier
from iottui.sim.payload import Payload, as_int
from iottui.sim.store import StateFileError, Store
from iottui.sim.world import World

log = logging.getLogger("iottui.sim")

Doc = dict[str, Any]

#: The fixed clock moves within year 1970 +- about 285,000 years... bounded to 1970 +- 9000 years.
MAX_CLOCK_MS = 9_000 * 365 * 86_400_000

_ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]


@dataclass
class SimContext:
    """Everything a running simulator holds (``app.state.sim``)."""

    config: SimConfig
    store: Store
    world: World
    engine: Engine
    notifier: Notifier
    faults: FaultInjector
    requests: int = 0
    #: Set once the background warm-up of the fleet cache has finished (or was skipped).
    fleet_warmed: threading.Event = field(default_factory=threading.Event)


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    content = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    return Response(
        content, status_code=status, media_type="application/json", headers=dict(headers or {})
    )


def error_response(kind: ErrorKind, desc: str, request: Request | None = None) -> Response:
    if request is not None:
        log.info(
            "%s %s -> %d code %s: %s",
            request.method,
            request.url.path,
            kind.status,
            kind.code,
            desc,
        )
    headers = {"Allow": "GET, POST"} if kind is ErrorKind.METHOD_NOT_ALLOWED else None
    return json_response(error_body(kind, desc), kind.status, headers)


def _authorized(request: Request, key: str) -> bool:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    return hmac.compare_digest(token.strip().encode(), key.encode())


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise SimError(ErrorKind.BODY_TOO_LARGE, f"Request body is larger than {limit} bytes.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise SimError(ErrorKind.BODY_TOO_LARGE, f"Request body is larger than {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


#: Deepest nesting of a request body (the deepest document payload is 5 levels).
MAX_BODY_DEPTH = 64


def _load_json(body: bytes) -> Any:
    """A request body as JSON, or the malformed-JSON error: not UTF-8, not JSON, NaN or
    Infinity, nested deeper than :data:`MAX_BODY_DEPTH`, or text with a lone surrogate
    (``"\\ud800"`` is valid JSON but not text: it could not be stored or sent back)."""
    try:
        doc = json.loads(body.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SimError(ErrorKind.MALFORMED_JSON, "Request body is not valid JSON.") from None
    _check_tree(doc)
    return doc


def _check_tree(doc: Any) -> None:
    stack: list[tuple[Any, int]] = [(doc, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_BODY_DEPTH:
            raise SimError(
                ErrorKind.MALFORMED_JSON,
                f"Request body is nested deeper than {MAX_BODY_DEPTH} levels.",
            )
        if isinstance(node, str):
            if has_surrogate(node):
                raise SimError(
                    ErrorKind.MALFORMED_JSON, "Request body holds a lone surrogate (not text)."
                )
        elif isinstance(node, dict):
            stack.extend((k, depth + 1) for k in node)
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


def _parse_post(body: bytes) -> tuple[str, Doc]:
    """The action and payload of a POST body."""
    doc = _load_json(body)
    if not isinstance(doc, dict):
        raise SimError(ErrorKind.MALFORMED_JSON, "Request body must be a JSON object.")
    keys = {str(k).lower(): k for k in doc}
    action = doc.get(keys.get("action", "action"))
    if not isinstance(action, str) or not action.strip():
        raise SimError(ErrorKind.UNKNOWN_ACTION, UNKNOWN_ACTION_DESC)
    if "payload" in keys:
        payload = doc[keys["payload"]]
        extra = sorted(set(keys) - {"action", "payload"})
        if extra:
            raise SimError(
                ErrorKind.INVALID_VALUE,
                f"Invalid value for '{extra[0]}': unknown field beside action and payload.",
            )
        if payload is None:
            payload = {}
        if not isinstance(payload, dict):
            raise SimError(
                ErrorKind.INVALID_VALUE, "Invalid value for 'payload': expected a JSON object."
            )
    else:  # the document's flat form: {"action": "create", "name": "My Dashboard"}
        payload = {k: v for k, v in doc.items() if str(k).lower() != "action"}
    return action.strip().lower(), payload


def answer_post(world: World, spec: RouteSpec, raw: bytes) -> Doc:
    """The answer to a POST body on a route, or the :class:`SimError` to answer with.

    Anything else it raises is a simulator defect (answered 500).
    """
    action, payload = _parse_post(raw)
    post = spec.post.get(action)
    if post is None:
        raise SimError(ErrorKind.UNKNOWN_ACTION, UNKNOWN_ACTION_DESC)
    with world.lock:
        return post.handler(world, Payload(payload, post.fields or ()))


def _endpoint(ctx: SimContext, route_key: str, spec: RouteSpec) -> Callable[..., Any]:
    async def endpoint(request: Request) -> Response:
        ctx.requests += 1
        if not _authorized(request, ctx.config.api_key):
            return error_response(
                ErrorKind.UNAUTHORIZED, "Unauthorized: missing or invalid API key.", request
            )
        try:
            if request.method == "GET" and spec.get is not None:
                handler_get = spec.get
                _maybe_catch_up(ctx)
                if spec.raw is not None:  # a cached answer, already encoded
                    with ctx.world.lock, gc_paused():
                        content = spec.raw(ctx.world, request.query_params)
                    return Response(content, media_type="application/json")
                if spec.prepare is not None:  # slow read: validate locked, compute in a thread
                    with ctx.world.lock:
                        work = spec.prepare(ctx.world, request.query_params)
                    body = await anyio.to_thread.run_sync(work)
                    return json_response(body)
                # Answers are acyclic: rendering and encoding them (27 MB for 10,000 devices)
                # with the cyclic GC paused avoids repeated traversals of the whole world.
                with ctx.world.lock, gc_paused():
                    body = handler_get(ctx.world, request.query_params)
                    response = json_response(body)
                return response
            if request.method == "POST" and spec.post:
                raw = await _read_body(request, ctx.config.max_body_bytes)
                _maybe_catch_up(ctx)
                return json_response(answer_post(ctx.world, spec, raw))
            allowed = [m for m, ok in (("GET", spec.get), ("POST", spec.post)) if ok]
            return error_response(
                ErrorKind.METHOD_NOT_ALLOWED,
                f"Method {request.method} is not allowed here (use {' or '.join(allowed)}).",
                request,
            )
        except SimError as exc:
            return error_response(exc.kind, exc.desc, request)
        except ClientDisconnect:
            log.info("%s %s: the client went away", request.method, request.url.path)
            return Response(status_code=499)
        except Exception:
            log.exception("%s %s failed", request.method, request.url.path)
            return error_response(ErrorKind.INTERNAL, "Internal server error.", request)

    endpoint.__name__ = f"route_{route_key}"
    return endpoint


def _maybe_catch_up(ctx: SimContext) -> None:
    """Evaluate rules before answering when at least a second has passed."""
    if ctx.world.now() - ctx.engine.evaluated_until >= 1000:
        try:
            ctx.engine.catch_up()
        except Exception:
            log.exception("rule engine failed")


# --- /__sim/ ----------------------------------------------------------------------------------


def _control_routes(ctx: SimContext) -> list[Route]:
    def guard(fn: Callable[[Request], Any]) -> Callable[[Request], Any]:
        async def wrapped(request: Request) -> Response:
            if not _authorized(request, ctx.config.api_key):
                return error_response(
                    ErrorKind.UNAUTHORIZED, "Unauthorized: missing or invalid API key.", request
                )
            try:
                result: Response = await fn(request)
                return result
            except SimError as exc:
                return error_response(exc.kind, exc.desc, request)
            except ClientDisconnect:
                return Response(status_code=499)
            except Exception:
                log.exception("%s %s failed", request.method, request.url.path)
                return error_response(ErrorKind.INTERNAL, "Internal server error.", request)

        return wrapped

    async def _json(request: Request) -> Doc:
        raw = await _read_body(request, ctx.config.max_body_bytes)
        doc = _load_json(raw or b"{}")
        if not isinstance(doc, dict):
            raise SimError(ErrorKind.MALFORMED_JSON, "Request body must be a JSON object.")
        return doc

    async def health(request: Request) -> Response:
        world = ctx.world
        return json_response(
            {
                "status": "OK",
                "now": world.now(),
                "devices": len(world.devices),
                "sensors": len(world.sensors),
                "evaluatedUntil": ctx.engine.evaluated_until,
                "requests": ctx.requests,
            }
        )

    async def faults(request: Request) -> Response:
        if request.method == "POST":
            doc = await _json(request)
            try:
                if doc.pop("reset", False):
                    spec = FaultSpec()
                elif isinstance(doc.get("spec"), str):
                    spec = FaultSpec.parse(doc["spec"])
                else:
                    spec = ctx.faults.spec.updated(doc)
            except FaultSpecError as exc:
                raise SimError(ErrorKind.INVALID_VALUE, str(exc)) from None
            ctx.faults.set(spec)
            log.warning("faults set to %s", spec)
        return json_response({"faults": ctx.faults.spec.to_dict(), "counts": ctx.faults.counts})

    async def clock(request: Request) -> Response:
        events = 0
        if request.method == "POST":
            doc = await _json(request)
            clk: Any = ctx.config.clock
            if not (hasattr(clk, "advance") and hasattr(clk, "set")):
                raise SimError(ErrorKind.CONFLICT, "Conflict: the clock is not settable.")
            name = "advance" if "advance" in doc else "set" if "set" in doc else None
            if name is None:
                raise SimError(ErrorKind.MISSING_FIELD, "Give 'advance' or 'set' (ms).")
            millis = as_int(name, doc[name], lo=-MAX_CLOCK_MS, hi=MAX_CLOCK_MS)
            if name == "advance":
                clk.advance(millis)
            else:
                clk.set(millis)
            events = ctx.engine.catch_up()
        return json_response(
            {"now": ctx.world.now(), "clock": repr(ctx.config.clock), "events": events}
        )

    async def tick(request: Request) -> Response:
        events = ctx.engine.catch_up()
        return json_response({"now": ctx.world.now(), "events": events})

    async def outbox(request: Request) -> Response:
        return json_response({"data": ctx.notifier.read_outbox()})

    async def notifications(request: Request) -> Response:
        return json_response({"data": [d.to_dict() for d in ctx.notifier.deliveries]})

    return [
        Route(f"{CONTROL_PREFIX}/health", health, methods=["GET"]),
        Route(f"{CONTROL_PREFIX}/faults", guard(faults), methods=["GET", "POST"]),
        Route(f"{CONTROL_PREFIX}/clock", guard(clock), methods=["GET", "POST"]),
        Route(f"{CONTROL_PREFIX}/tick", guard(tick), methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/outbox", guard(outbox), methods=["GET"]),
        Route(f"{CONTROL_PREFIX}/notifications", guard(notifications), methods=["GET"]),
    ]


async def _not_found(request: Request) -> Response:
    return error_response(ErrorKind.NO_SUCH_PATH, f"No such path: {request.url.path}", request)


def create_app(config: SimConfig) -> Starlette:
    """Build the simulator: load or generate the account, replay rules, serve the routes."""
    store = Store(config.state_path)
    try:
        with gc_paused():  # generating or loading builds many acyclic containers
            world = World(config, store)
    except Exception as exc:
        store.close()
        if config.state_path is None:
            raise
        # A state file that SQLite opens but whose documents are not the simulator's own
        # (edited by hand, written by another program or a far newer version).
        raise StateFileError(
            f"{config.state_path} holds data the simulator cannot read "
            f"({type(exc).__name__}: {exc}); give another --state path, or move this file away"
        ) from exc
    notifier = Notifier(
        config.outbox_path,
        timeout=config.webhook_timeout,
        retries=config.webhook_retries,
        backoff=config.webhook_backoff,
    )
    engine = Engine(world, notifier)
    engine.catch_up(notify=False)  # replay: populate the alarm history silently
    injector = FaultInjector(config.faults, config.fault_seed)
    ctx = SimContext(config, store, world, engine, notifier, injector)

    routes: list[Route] = _control_routes(ctx)
    seen: set[str] = set()
    for key, spec in ROUTES.items():
        path = config.routes.path(key)
        if path in seen:
            log.warning("route %s shares path %s with another route; skipped", key, path)
            continue
        seen.add(path)
        routes.append(Route(path, _endpoint(ctx, key, spec), methods=_ALL_METHODS))
    routes.append(Route("/{path:path}", _not_found, methods=_ALL_METHODS))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task: asyncio.Task[None] | None = None
        if config.tick_seconds > 0:
            task = asyncio.create_task(_ticker(ctx, config.tick_seconds))
        stop_warming = threading.Event()
        warmer: threading.Thread | None = None
        if config.warm_fleet:
            warmer = threading.Thread(
                target=_warm_fleet, args=(ctx, stop_warming), name="iottui-sim-warm", daemon=True
            )
            warmer.start()
        else:
            ctx.fleet_warmed.set()
        try:
            yield
        finally:
            stop_warming.set()
            if warmer is not None:
                await asyncio.to_thread(warmer.join, 10)
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await notifier.aclose()

    app = Starlette(
        routes=routes,
        middleware=[Middleware(FaultMiddleware, injector=injector)],
        lifespan=lifespan,
    )
    app.state.sim = ctx
    return app


#: Seconds between the lifespan's start and the fleet cache's warm-up.
WARM_DELAY = 0.05


def _warm_fleet(ctx: SimContext, stop: threading.Event) -> None:
    """Render the fleet cache in the background (see :class:`FleetCache`).

    It runs beside the event loop: it takes the world's lock for one chunk of devices at a
    time, so a request waits for at most one chunk (a few ms), and between chunks the event
    loop thread gets the interpreter lock at least every switch interval (5 ms) as well. A
    request that comes first renders what it needs itself; the warm-up then skips it.
    """
    from iottui.sim.handlers.fleetview import fleet_cache

    # Started from the lifespan, i.e. before uvicorn has finished starting: let it (and
    # SimServer.start's readiness check) have the interpreter lock first.
    if stop.wait(WARM_DELAY):
        ctx.fleet_warmed.set()
        return
    try:
        fleet_cache(ctx.world).warm(stop)
    except Exception:
        log.exception("warming the fleet cache failed")
    finally:
        ctx.fleet_warmed.set()


async def _ticker(ctx: SimContext, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        try:
            ctx.engine.catch_up()
        except Exception:
            log.exception("rule engine failed")
