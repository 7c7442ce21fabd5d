"""The resource namespaces of :class:`~iottui.api.client.IoTClient`, one module each."""

from iottui.api.resources.account import AccountResource
from iottui.api.resources.alarms import AlarmsResource
from iottui.api.resources.base import Resource, operation, operation_of
from iottui.api.resources.channels import ChannelsResource
from iottui.api.resources.contacts import ContactsResource
from iottui.api.resources.dashboards import DashboardsResource
from iottui.api.resources.deviceconfigs import DeviceConfigsResource
from iottui.api.resources.devices import DevicesResource
from iottui.api.resources.edgemodules import EdgeModulesResource
from iottui.api.resources.fleet import FleetResource
from iottui.api.resources.groups import GroupsResource
from iottui.api.resources.metrics import MetricsResource, SeriesQuery
from iottui.api.resources.rules import RulesResource
from iottui.api.resources.sensors import SensorsResource
from iottui.api.resources.topics import TopicsResource
from iottui.api.resources.widgets import WidgetsResource

__all__ = [
    "AccountResource",
    "AlarmsResource",
    "ChannelsResource",
    "ContactsResource",
    "DashboardsResource",
    "DeviceConfigsResource",
    "DevicesResource",
    "EdgeModulesResource",
    "FleetResource",
    "GroupsResource",
    "MetricsResource",
    "Resource",
    "RulesResource",
    "SensorsResource",
    "SeriesQuery",
    "TopicsResource",
    "WidgetsResource",
    "operation",
    "operation_of",
]
