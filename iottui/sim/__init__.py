"""A faithful simulator of the TeamViewer IoT Cloud API v2.0.0 (no Textual import here).

Modules:

* :mod:`~iottui.sim.config`: :class:`SimConfig`, :class:`FaultSpec` (``"latency=0.5,..."``).
* :mod:`~iottui.sim.app`: ``create_app(config)``, the Starlette application.
* :mod:`~iottui.sim.runner`: :class:`SimServer`, uvicorn in a background thread on loopback.
* :mod:`~iottui.sim.cli`: ``iottui sim`` / ``python -m iottui.sim``.
* :mod:`~iottui.sim.generate`: the deterministic fleet of a seed.
* :mod:`~iottui.sim.signals`: pure functions of ``(seed, metric, t)``: metric values, sample
  instants, device online/offline schedules (reusable by benchmarks and tests).
* :mod:`~iottui.sim.aggregate`: MIN/MAX/AVG/STDEV/COUNT per period, numpy-free.
* :mod:`~iottui.sim.store`: SQLite (WAL) persistence, one transaction per write.
* :mod:`~iottui.sim.world`, :mod:`~iottui.sim.handlers`: the account and the 53 operations.
* :mod:`~iottui.sim.engine`, :mod:`~iottui.sim.notify`: rule engine, webhooks and email outbox.
* :mod:`~iottui.sim.faults`: fault injection middleware; :mod:`~iottui.sim.errors`: error codes.
"""
