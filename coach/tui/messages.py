"""Where a screen asks to go: messages that bubble to the app, which pushes the screen.

Screens never import one another; navigation is the app's (``CoachApp`` handles these).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.message import Message

from coach.models import FollowUp
from coach.practice.delivery import Delivery
from coach.practice.scoring import ScoreCard
from coach.writes import WriteQueue


class OpenScoreCard(Message):
    """Show a score card: right after a drill, or a kept session opened from History.

    ``session`` is the session's id, or a one-item list the writer fills in once the
    session is kept (a drill just finished); ``closed`` runs when the card is closed;
    ``redraft`` drafts the follow-up again when the rep overrides an item it rests on."""

    def __init__(
        self,
        card: ScoreCard,
        writer: WriteQueue | None,
        session: int | list[int],
        title: str,
        *,
        transcript: list[list[str]],
        followup: FollowUp | None,
        after_drill: bool = True,
        closed: Callable[[], None] | None = None,
        redraft: Callable[[ScoreCard], FollowUp | None] | None = None,
        delivery: Delivery | None = None,
    ) -> None:
        super().__init__()
        self.card, self.writer, self.session, self.title = card, writer, session, title
        self.transcript, self.followup = transcript, followup
        self.after_drill, self.closed = after_drill, closed
        #: Drafts the follow-up again from an overridden card (a drill's sessions only).
        self.redraft = redraft
        self.delivery = delivery  # how the rep spoke (None: not measured)


class OpenPractice(Message):
    """Open the drill list, with one drill highlighted (History's "practise the weakest")."""

    def __init__(self, select: str = "") -> None:
        super().__init__()
        self.select = select


class OpenHistory(Message):
    """Open History on one of its tabs."""

    def __init__(self, tab: str = "tab-practice") -> None:
        super().__init__()
        self.tab = tab


#: First in every screen's footer: the way to every key, never cut off at 80 columns.
KEYS_HINT = Binding("f1", "app.help", "Keys", id="keys")
