"""Serve one thing on loopback in its own process, for load benchmarks.

    python benchmarks/_serve.py sim PORT KEY [DEVICES [FAULTS]]   the simulator (memory state;
                                                         FAULTS e.g. "latency=0.2")
    python benchmarks/_serve.py bare PORT                a bare uvicorn endpoint (the floor)

Prints ``READY`` once listening, then serves until killed. Running the server in a separate
process keeps the load generator from sharing its interpreter lock.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

BARE_BODY = json.dumps(
    {"data": [{"temp": "49", "sensorId": 811617, "timestamp": 1549968244542}], "status": "OK"}
).encode()


async def bare_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The smallest useful ASGI endpoint: a fixed JSON body."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": BARE_BODY})


def main() -> None:
    kind, port = sys.argv[1], int(sys.argv[2])
    if kind == "bare":
        import uvicorn

        config = uvicorn.Config(bare_app, host="127.0.0.1", port=port, log_level="error")
        server = uvicorn.Server(config)
        print("READY", flush=True)
        server.run()
        return
    from iottui.sim.config import FaultSpec, SimConfig
    from iottui.sim.runner import SimServer

    devices = int(sys.argv[4]) if len(sys.argv) > 4 else 60
    faults = FaultSpec.parse(sys.argv[5]) if len(sys.argv) > 5 else FaultSpec()
    sim_config = SimConfig(api_key=sys.argv[3], devices=devices, tick_seconds=0, faults=faults)
    sim = SimServer(sim_config, port=port)
    sim.start()
    print("READY", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        sim.stop()


if __name__ == "__main__":
    main()
