"""The fleet tree: groups > devices > sensors > metrics, built lazily on expand.

Only nodes the user opened exist; a group shows its devices in chunks of :data:`CHUNK` with a
"more" node, so a fleet of 10,000 devices costs a few hundred tree nodes. A fleet reload updates
labels in place (only those that changed) and keeps what was expanded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.dom import NoScreen
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from iottui.ui.fleet_index import FilterResult, FleetIndex
from iottui.ui.widgets.fleet_labels import device_label, group_label, metric_label, sensor_label
from iottui.ui.widgets.repaint import FrameStyle, SteadyScrollbars

CHUNK = 200
#: Groups opened automatically when a filter is applied.
FILTER_OPEN_GROUPS = 12

NodeKind = Literal["root", "group", "device", "sensor", "metric", "more"]
Key = tuple[object, ...]


@dataclass(slots=True)
class NodeData:
    """What a tree node stands for (ids only; the models come from the current index)."""

    kind: NodeKind
    group_id: int | None = None
    device_id: int | None = None
    sensor_id: int | None = None
    metric_id: str | None = None
    offset: int = 0
    loaded: bool = False

    @property
    def key(self) -> Key:
        return (self.kind, self.group_id, self.device_id, self.sensor_id, self.metric_id)


class FleetTree(FrameStyle, SteadyScrollbars, Tree[NodeData]):
    """The lazily built fleet tree."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("k", "cursor_up", "Up", show=False, id="tree.up"),
        Binding("l,right", "expand_or_child", "Expand", show=False, id="tree.expand"),
        Binding("h,left", "collapse_or_parent", "Collapse", show=False, id="tree.collapse"),
        Binding("g,home", "scroll_home", "Top", show=False, id="tree.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="tree.bottom"),
    ]

    @dataclass
    class CursorMoved(Message, bubble=False):
        """The cursor moved to ``node``: posted straight to the screen, where ``Tree`` posts
        ``NodeHighlighted``. That message bubbles through the tree's containers' queues before
        the screen sees it, and the screen may paint the moved cursor in the meantime, with
        the detail pane following one frame (a 1/60 s tick) later. This one is in the screen's
        queue before the tree's own repaint request, so the pane the screen shows for it is
        painted in the cursor's frame."""

        node: NodeData

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(Text("Fleet"), NodeData("root"), id=id, classes=classes)
        self.show_root = False
        self.guide_depth = 2
        self.index: FleetIndex | None = None
        self.filter: FilterResult | None = None
        self._by_key: dict[Key, TreeNode[NodeData]] = {}

    # --- data -----------------------------------------------------------------------------

    def set_fleet(self, index: FleetIndex) -> None:
        """Show a (new) fleet, by the session's index of it (the tree keeps no copy): the
        first time builds the groups; later only changes."""
        first = self.index is None
        self.index = index
        if self.filter is not None:
            self.filter = None  # recomputed by the screen with the same query
        if first:
            self._populate(self.root)
            self.root.expand()
            self.cursor_line = 0
        else:
            self._sync(self.root)

    def cursor_key(self) -> Key | None:
        """What the cursor is on (kept across fleet reloads by :meth:`keep_cursor`)."""
        node = self.cursor_node
        return node.data.key if node is not None and node.data is not None else None

    def keep_cursor(self, key: Key | None) -> None:
        """After a reload: put the cursor back on the node for ``key`` if a rebuilt subtree
        moved it (the live fleet replacing the cached one, a device added above it)."""
        node = self._by_key.get(key) if key is not None else None
        if node is not None and self.cursor_node is not node:
            # the node has no line until the tree is laid out again
            self.call_after_refresh(self.move_cursor, node)

    def set_filter(self, result: FilterResult | None) -> None:
        """Show only what ``result`` keeps (ancestors kept, matches expanded); None clears."""
        self.filter = result if result and result.query else None
        self._by_key.clear()
        self.root.remove_children()
        self.root.data = NodeData("root")
        self._populate(self.root)
        self.cursor_line = 0
        if self.filter is not None:
            # open the first groups only: a broad match in a huge fleet stays cheap, the
            # other groups are listed (with their match counts) and open on demand
            for group_node in list(self.root.children)[:FILTER_OPEN_GROUPS]:
                group_node.expand()

    # --- building ---------------------------------------------------------------------------

    def _children(self, data: NodeData) -> list[tuple[Text, NodeData, bool]]:
        index = self.index
        if index is None:
            return []
        flt = self.filter
        out: list[tuple[Text, NodeData, bool]] = []
        if data.kind == "root":
            for group in index.fleet.groups:
                if flt is not None:
                    shown = sum(1 for d in group.devices if d.id in flt.devices)
                    if not shown:
                        continue
                    out.append((group_label(group, shown), NodeData("group", group.id), True))
                else:
                    out.append((group_label(group), NodeData("group", group.id), True))
        elif data.kind == "group" and data.group_id in index.groups:
            for device in index.groups[data.group_id].devices:
                if flt is None or device.id in flt.devices:
                    node = NodeData("device", data.group_id, device.id)
                    out.append((device_label(device), node, bool(device.sensors)))
        elif data.kind == "device" and data.device_id in index.devices:
            keep = flt.devices.get(data.device_id) if flt else None
            for sensor in index.devices[data.device_id].sensors:
                if keep is None or sensor.id in keep:
                    node = NodeData("sensor", data.group_id, data.device_id, sensor.id)
                    out.append((sensor_label(sensor), node, bool(sensor.metrics)))
        elif data.kind == "sensor" and data.sensor_id in index.sensors:
            keep_m = flt.sensors.get(data.sensor_id) if flt else None
            for metric in index.sensors[data.sensor_id][1].metrics:
                if keep_m is None or metric.id in keep_m:
                    node = NodeData(
                        "metric", data.group_id, data.device_id, data.sensor_id, metric.id
                    )
                    out.append((metric_label(metric), node, False))
        return out

    def _populate(self, node: TreeNode[NodeData], start: int = 0) -> None:
        data = node.data
        if data is None:
            return
        children = self._children(data)
        for label, child_data, expandable in children[start : start + CHUNK]:
            child = node.add(label, child_data, allow_expand=expandable)
            self._by_key[child_data.key] = child
            if self.filter is not None and self._auto_open(child_data):
                child.expand()
        rest = len(children) - (start + CHUNK)
        if rest > 0:
            more = NodeData("more", data.group_id, data.device_id, data.sensor_id)
            more.offset = start + CHUNK
            node.add_leaf(Text(f"… {rest} more (enter)", style="italic dim"), more)
        data.loaded = True

    def _auto_open(self, data: NodeData) -> bool:
        """In filter mode, open a device or sensor that matched only through its children."""
        flt = self.filter
        if flt is None:
            return False
        if data.kind == "device":
            return flt.devices.get(data.device_id or 0) is not None
        if data.kind == "sensor":
            return flt.sensors.get(data.sensor_id or 0) is not None
        return False

    def _sync(self, node: TreeNode[NodeData]) -> None:
        """Bring a built subtree up to date with the new index, touching only what changed."""
        data = node.data
        if data is None or not data.loaded:
            return
        wanted = self._children(data)
        current = [c for c in node.children if c.data is not None and c.data.kind != "more"]
        has_more = len(current) != len(node.children)
        shown = wanted[: len(current)]
        complete = len(current) == len(wanted) or (has_more and len(current) < len(wanted))
        if complete and [w[1].key for w in shown] == [c.data.key for c in current if c.data]:
            for (label, _, _), child in zip(shown, current, strict=True):
                if child.label != label:
                    child.set_label(label)
                self._sync(child)
            return
        expanded = {c.data.key for c in self._walk(node) if c.is_expanded and c.data}
        for child in self._walk(node):
            if child.data is not None:
                self._by_key.pop(child.data.key, None)
        node.remove_children()
        self._populate(node)
        for child in node.children:
            if child.data is not None and child.data.key in expanded:
                child.expand()

    def _walk(self, node: TreeNode[NodeData]) -> list[TreeNode[NodeData]]:
        out: list[TreeNode[NodeData]] = []
        stack = list(node.children)
        while stack:
            child = stack.pop()
            out.append(child)
            stack.extend(child.children)
        return out

    # --- events and actions ---------------------------------------------------------------

    def watch_cursor_line(self, previous_line: int, line: int) -> None:
        previous = self._get_node(previous_line)
        super().watch_cursor_line(previous_line, line)
        node = self._get_node(line)
        # the condition on which ``Tree.watch_cursor_line`` posts ``NodeHighlighted``
        moved = previous_line != line and previous != node
        if moved and node is not None and node.data is not None:
            self.announce(node.data)

    def announce(self, data: NodeData) -> None:
        """Tell the screen the cursor is on ``data`` (also after a rebuild left it on the same
        line). A message, so never inside a frame being composed: ``Tree._build`` moves the
        cursor while the lines are rebuilt lazily, during a render."""
        try:
            screen = self.screen
        except NoScreen:  # not mounted
            return
        screen.post_message(self.CursorMoved(data))

    @on(Tree.NodeExpanded)
    def _on_expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        data = event.node.data
        if data is not None and not data.loaded and data.kind != "more":
            self._populate(event.node)

    @on(Tree.NodeSelected)
    def _on_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        node = event.node
        data = node.data
        if data is not None and data.kind == "more" and node.parent is not None:
            parent = node.parent
            node.remove()
            self._populate(parent, data.offset)

    def action_expand_or_child(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and not node.is_expanded:
            self.open(node)
        elif node.children:
            self.action_cursor_down()

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def node_for(self, key: Key) -> TreeNode[NodeData] | None:
        return self._by_key.get(key)

    def reveal_device(self, device_id: int) -> bool:
        """Open the device's group (loading chunks as needed) and put the cursor on it."""
        index = self.index
        if index is None or device_id not in index.device_group:
            return False
        return self.reveal(("device", index.device_group[device_id].id, device_id, None, None))

    def reveal(self, key: Key) -> bool:
        """Open the path to the node for ``key`` (a group's chunks, a device, a sensor, built as
        needed) and put the cursor on it; False when the tree shown has no such node."""
        kind, group_id, device_id, sensor_id, _metric = key
        kinds = ("group", "device", "sensor", "metric")
        if kind not in kinds:
            return False
        path: list[Key] = [
            ("group", group_id, None, None, None),
            ("device", group_id, device_id, None, None),
            ("sensor", group_id, device_id, sensor_id, None),
            key,
        ][: kinds.index(str(kind)) + 1]
        node = self._by_key.get(path[0])
        for step in path[1:]:
            if node is None:
                return False
            self.open(node)
            node = self._child(node, step)
        if node is None:
            return False
        # the node has no line until the tree is laid out again
        self.call_after_refresh(self.move_cursor, node)
        return True

    def open(self, node: TreeNode[NodeData]) -> None:
        """Expand ``node`` with its children built now (a key or a lookup right after sees them)."""
        if node.data is not None and not node.data.loaded:
            self._populate(node)
        node.expand()

    def _child(self, parent: TreeNode[NodeData], key: Key) -> TreeNode[NodeData] | None:
        """The child of ``parent`` for ``key``, loading the chunks before it as needed."""
        while key not in self._by_key:
            more = next((c for c in parent.children if c.data and c.data.kind == "more"), None)
            if more is None or more.data is None:
                return None
            offset = more.data.offset
            more.remove()
            self._populate(parent, offset)
        return self._by_key[key]

    def first_match(self) -> TreeNode[NodeData] | None:
        """The first device, sensor or metric the filter matched (never a group): a device
        kept only for a sensor or metric leads to that sensor or metric."""
        flt = self.filter
        if flt is None:
            return None
        for group in self.root.children:
            self.open(group)
            node = next((c for c in group.children if c.data and c.data.kind == "device"), None)
            while node is not None and node.data is not None:
                data = node.data
                kept = (
                    flt.devices.get(data.device_id or 0)
                    if data.kind == "device"
                    else flt.sensors.get(data.sensor_id or 0)
                    if data.kind == "sensor"
                    else None
                )
                if kept is None:  # matched by its own name (or a metric)
                    return node
                self.open(node)
                node = node.children[0] if node.children else None
        return None
