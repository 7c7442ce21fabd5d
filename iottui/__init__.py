"""iottui: a keyboard-driven terminal client for TeamViewer IoT Cloud API v2.0.0 fleets."""

__version__ = "0.1.0"

__all__ = ["__version__"]
