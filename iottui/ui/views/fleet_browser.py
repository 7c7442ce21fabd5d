"""The fleet browser: the filter box, the unreadable-items note and the fleet tree.

The screen hands it each fleet the poller loads (:meth:`FleetBrowser.set_fleet`); the tree
posts :class:`~iottui.ui.widgets.fleet_tree.FleetTree.CursorMoved` to the screen as its cursor
moves, which shows the node in the detail view. Commands act on :meth:`FleetBrowser.selection`.

Until the server's fleet comes, the fleet cache's is shown (:meth:`FleetBrowser.load_cache`,
read in a thread); the server's is saved to the cache shortly after it is shown, then at most
every :data:`CACHE_SAVE_EVERY` seconds.

The filter (``/``) keeps devices whose name, or a sensor's or metric's name, contains the
text: ``Down`` in the box moves to the first match, ``Enter`` too and shows it (a device,
sensor or metric, never a group), ``Esc`` clears it and leaves the cursor where it was (on
the same device, sensor or metric in the whole tree).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static, Tree

from iottui.gcpause import collect_and_freeze
from iottui.ui import messages as msg
from iottui.ui.fleet_index import FleetIndex, apply_filter
from iottui.ui.registry import Selection
from iottui.ui.session import session_of
from iottui.ui.widgets.fleet_tree import FleetTree, NodeData
from iottui.ui.widgets.problems import PROBLEMS_KEY, ProblemsScreen, log_problems, problems_note

if TYPE_CHECKING:
    from iottui.api.models import Fleet
    from iottui.api.problems import ItemProblem

#: Seconds of typing pause before the tree filter is applied.
FILTER_DELAY = 0.15
#: The fleet cache is written after the first fleet from the server, then at most this often
#: (seconds), and only when the structure changed.
CACHE_SAVE_EVERY = 600.0
#: Seconds after the server's fleet is shown before it is saved (serialising a big fleet
#: holds the interpreter: not while the frame that shows it is being drawn).
CACHE_SAVE_DELAY = 1.0

#: How long (seconds) after a server fleet is drawn its full collection waits. Textual's
#: writer thread writes the frame to the terminal; a collection right after the frame is
#: composed (50-100 ms holding the interpreter) held that back: the populated tree was shown
#: ~55 ms after its frame was composed, 5 ms with this delay (benchmark 8's timeline).
COLLECT_DELAY = 0.25


class FleetBrowser(Vertical):
    """The fleet tree with its filter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("down", "to_matches", "Matches", show=False, id="filter.matches"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="filter.clear"),
        Binding(PROBLEMS_KEY, "problems", "Unreadable", show=False, id="tree.problems"),
    ]

    @dataclass
    class Chosen(Message):
        """Enter on a node (or on a filter's first match): show it now, not after the
        throttle of a moving cursor."""

        node: NodeData

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.problems: tuple[ItemProblem, ...] = ()
        self._filter_timer: Timer | None = None
        self._cache_saved: float | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter devices, sensors, metrics", id="tree-filter")
        yield Static(id="tree-problems")
        yield FleetTree(id="tree")

    def on_mount(self) -> None:
        self.filter_box.display = False
        self.query_one("#tree-problems").display = False

    @property
    def fleet_tree(self) -> FleetTree:
        return self.query_one(FleetTree)

    @property
    def filter_box(self) -> Input:
        return self.query_one("#tree-filter", Input)

    # --- data in ----------------------------------------------------------------------------

    def set_fleet(
        self, index: FleetIndex, *, cached: bool, problems: Sequence[ItemProblem] = ()
    ) -> None:
        """Show a (new) fleet: the cursor stays on its node, a filter typed stays applied."""
        tree = self.fleet_tree
        cursor = tree.cursor_key()
        tree.set_fleet(index)
        tree.set_class(cached, "-cached")
        query = self.filter_box.value.strip()
        if query:
            tree.set_filter(apply_filter(index.devices.values(), query))
        tree.keep_cursor(cursor)
        self.show_problems(tuple(problems))
        if not cached:
            self.save_soon(index.fleet)
            # the fleet swapped in: one full collection once the frame that shows it is
            # written, then the collector's passes leave the heap alone until the next fleet
            # (gcpause)
            self.set_timer(COLLECT_DELAY, collect_and_freeze)

    @work(thread=True, group="fleet-cache", exit_on_error=False)
    def load_cache(self) -> None:
        """Read the fleet cache (in a thread: a big file takes a while) and post its fleet,
        shown marked until the server's fleet replaces it."""
        cache = session_of(self).settings.fleet_cache
        cached = cache.load() if cache is not None else None
        if cached is not None:
            self.post_message(msg.FleetLoaded(cached.fleet, round(cached.saved_at * 1000)))

    def save_soon(self, fleet: Fleet) -> None:
        """Save the server's ``fleet`` to the cache shortly (not when it was saved lately)."""
        now = time.monotonic()
        if self._cache_saved is None or now - self._cache_saved >= CACHE_SAVE_EVERY:
            self._cache_saved = now
            self.set_timer(CACHE_SAVE_DELAY, lambda: self.save_cache(fleet))

    @work(thread=True, group="fleet-cache-save", exit_on_error=False)
    def save_cache(self, fleet: Fleet) -> None:
        session = session_of(self)
        if session.settings.fleet_cache is not None:
            session.settings.fleet_cache.save(fleet, session.now_ms() / 1000)

    def show_problems(self, problems: tuple[ItemProblem, ...]) -> None:
        """ "N items could not be read · ! details" above the tree (logged once per change)."""
        if problems != self.problems:
            log_problems("fleet", problems)
        self.problems = problems
        note = self.query_one("#tree-problems", Static)
        text = problems_note(problems)
        note.display = text is not None
        if text is not None:
            note.update(text)

    def selection(self) -> Selection:
        """What the tree's cursor is on, with its group, device, sensor and metric."""
        node, index = self.fleet_tree.cursor_node, self.fleet_tree.index
        data = node.data if node is not None else None
        if data is None or index is None:
            return Selection()
        group = index.groups.get(data.group_id) if data.group_id is not None else None
        device = index.devices.get(data.device_id) if data.device_id is not None else None
        found = index.sensors.get(data.sensor_id) if data.sensor_id is not None else None
        metric = (
            index.metric(data.sensor_id, data.metric_id)
            if data.sensor_id is not None and data.metric_id
            else None
        )
        sensor = found[1] if found else None
        kind = data.kind if data.kind in ("group", "device", "sensor", "metric") else "none"
        return Selection(kind, group=group, device=device, sensor=sensor, metric=metric)

    @on(Tree.NodeSelected, "#tree")
    def on_node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        """Enter on a node: shown at once."""
        if event.node.data is not None:
            self.post_message(self.Chosen(event.node.data))

    # --- the filter ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False lets the key go on to the screen (Esc there goes back, Down moves the tree)
        if action == "to_matches":
            return self.filter_box.has_focus
        if action == "clear_filter":
            return bool(self.filter_box.display)
        if action == "problems":
            return bool(self.problems)
        return True

    def action_filter(self) -> None:
        box = self.filter_box
        box.display = True
        box.focus()

    @on(Input.Changed, "#tree-filter")
    def on_filter_changed(self, event: Input.Changed) -> None:
        """Refilter shortly after typing pauses (one rebuild per burst of keys)."""
        event.stop()
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self.apply_filter)

    def apply_filter(self) -> None:
        """Filter the tree by the box's text now (once per change of the text); an emptied box
        shows the whole tree with the cursor where it was."""
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        tree, index = self.fleet_tree, self.fleet_tree.index
        if index is None:
            return
        query = self.filter_box.value.strip()
        applied = tree.filter.query if tree.filter else ""
        if query.lower() == applied:
            return
        if not query:
            self.unfilter()
            return
        tree.set_filter(apply_filter(index.devices.values(), query))
        self.call_after_refresh(self.announce_cursor)

    def unfilter(self) -> None:
        """The whole tree again, the cursor on the node it was on."""
        tree = self.fleet_tree
        cursor = tree.cursor_key()
        tree.set_filter(None)
        if cursor is None or not tree.reveal(cursor):
            self.call_after_refresh(self.announce_cursor)

    def announce_cursor(self) -> None:
        """The cursor's node to the screen (a rebuild may leave it on the same line)."""
        node = self.fleet_tree.cursor_node
        if node is not None and node.data is not None:
            self.fleet_tree.announce(node.data)

    def action_to_matches(self) -> None:
        """``Down`` in the filter box: into the tree, on the first match."""
        self.go_to_first_match(choose=False)

    @on(Input.Submitted, "#tree-filter")
    def on_filter_submitted(self, event: Input.Submitted) -> None:
        """``Enter`` in the filter box: the first match, shown at once."""
        event.stop()
        self.go_to_first_match(choose=True)

    def go_to_first_match(self, *, choose: bool) -> None:
        self.apply_filter()
        tree = self.fleet_tree
        tree.focus()
        match = tree.first_match()
        if match is None or match.data is None:
            return
        data = match.data
        tree.reveal(data.key)
        if choose:
            self.post_message(self.Chosen(data))

    def action_clear_filter(self) -> None:
        box = self.filter_box
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        if box.value:
            box.value = ""
        if self.fleet_tree.filter is not None:
            self.unfilter()
        box.display = False
        self.fleet_tree.focus()

    def action_problems(self) -> None:
        self.app.push_screen(ProblemsScreen("Fleet", self.problems))
