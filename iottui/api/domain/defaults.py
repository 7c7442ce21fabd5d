"""Defaults of the API's inputs, one value each for the client, CLI, forms and simulator."""

from __future__ import annotations

#: A metric without a value type is a double (the document: a common unit makes it one).
DEFAULT_VALUE_TYPE = "double"
#: A threshold without a checkcount opens its alarm at the first matching sample.
DEFAULT_CHECKCOUNT = 1
#: The predefined script path of the agent's built-in OPC-UA client.
OPCUA_SCRIPT_PATH = "/var/lib/teamviewer-iot-agent/scripts/opcua/"
