"""The main screen's views: each concern a widget that owns its keys, state and messages."""
