"""Start the TUI: resolve the connection, start the simulator for ``--demo``, run the app.

This is the only UI module that imports :mod:`iottui.sim` (for ``--demo``).
"""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iottui.config import (
    Config,
    ConnectionSettings,
    Profile,
    TuiOptions,
    data_dir,
    demo_connection,
    load_config,
    resolve_connection,
    save_config,
)
from iottui.ui.settings import NewProfile, UISettings

if TYPE_CHECKING:
    from iottui.api import IoTClient


def demo_state_path(options: TuiOptions) -> Path:
    """Where the demo simulator keeps its state (survives restarts; ``--fresh`` deletes it)."""
    return data_dir() / f"demo-seed{options.seed}-{options.devices}dev.sqlite"


class DemoServer:
    """The in-process simulator behind ``--demo`` (started at most once)."""

    def __init__(self, options: TuiOptions) -> None:
        self.options = options
        self.server: Any = None

    def start(self) -> tuple[str, str]:
        from iottui.sim.config import SimConfig
        from iottui.sim.runner import SimServer

        if self.server is None:
            path = demo_state_path(self.options)
            path.parent.mkdir(parents=True, exist_ok=True)
            if self.options.fresh:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            config = SimConfig(
                devices=self.options.devices, seed=self.options.seed, state_path=path
            )
            server = SimServer(config)
            server.start()
            self.server = server
        return str(self.server.url), str(self.server.api_key)

    async def start_async(self) -> tuple[str, str]:
        return await asyncio.to_thread(self.start)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


def build_client(conn: ConnectionSettings) -> IoTClient:
    from iottui import cli

    return cli.build_client(conn)


def ui_settings(
    conn: ConnectionSettings | None, config: Config, demo: DemoServer, options: TuiOptions
) -> UISettings:
    """The app's settings from the resolved connection and the config file."""
    profile = conn.profile_name if conn and conn.profile_name else ("demo" if options.demo else "")

    def save_theme(theme: str) -> None:
        fresh = load_config(config.path)
        if profile and profile in fresh.profiles:
            fresh.add(dataclasses.replace(fresh.get(profile), theme=theme), activate=False)
        else:
            fresh.ui.theme = theme
        save_config(fresh, config.path)

    def save_profile(new: NewProfile) -> None:
        fresh = load_config(config.path)
        fresh.add(Profile(name=new.name, url=new.url, api_key=new.api_key), activate=True)
        save_config(fresh, config.path)

    return UISettings(
        profile=profile or "(new)",
        server=conn.url if conn else "",
        refresh=conn.refresh if conn else (options.refresh or 5.0),
        keymap=dict(conn.keymap) if conn else dict(config.ui.keymap),
        theme=conn.theme if conn else config.ui.theme,
        read_only=conn.read_only if conn else options.read_only,
        bell=conn.bell if conn else config.ui.bell,
        save_theme=save_theme,
        save_profile=save_profile,
        start_demo=demo.start_async,
    )


def run_tui(options: TuiOptions) -> int:
    """Run the app; returns the exit code. ConfigError propagates (cli.py maps it to 2)."""
    from iottui.ui.app import IoTApp

    config = load_config()
    demo = DemoServer(options)
    try:
        conn: ConnectionSettings | None
        if options.demo:
            url, key = demo.start()
            conn = demo_connection(options, config, url=url, api_key=key)
        else:
            conn = resolve_connection(options, config)
        client = build_client(conn) if conn is not None else None
        app = IoTApp(client, ui_settings(conn, config, demo, options))
        result = app.run()
        return int(result or 0)
    finally:
        demo.stop()
