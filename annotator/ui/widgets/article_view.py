"""The article: plain text with spans highlighted from a per-block index.

Positions cross the Qt boundary here and only here: Qt counts UTF-16 units,
the core counts code points, and `Utf16Map` converts between them.
"""

from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Callable
from html import escape

from PySide6.QtCore import QEvent, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip

from annotator.core.attribution import BadgeNumbers
from annotator.core.model import Span, span_order
from annotator.core.schema import Schema
from annotator.core.suggest import is_suggestion_layer
from annotator.core.text import Utf16Map, line_starts
from annotator.ui.widgets.tables import annotator_color

READ_WIDTH = 820
SEARCH_HIT = QColor(255, 110, 0, 90)
"""Orange: no label's colour, so a search hit never looks like a tag."""
BADGE_COLORS = ("#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#4e342e", "#ad1457", "#37474f", "#827717")
"""Link badges cycle through these, so neighbouring numbers differ in colour too."""
SUGGESTION_HATCH = Qt.BrushStyle.BDiagPattern
"""Suggestions are hatched in the label's colour with a dotted underline: no real tag is ever hatched or dotted."""
LONG_SPAN = 2_000
"""Spans longer than this (code points) are kept aside: a block's other spans start at most this far before it."""


def shade(color: str, depth: int, alpha: int = 110) -> QColor:
    """The label colour, darker for each level of nesting."""
    base = QColor(color)
    if depth > 1:
        base = base.darker(100 + 25 * (depth - 1))
    base.setAlpha(min(255, alpha + 40 * (depth - 1)))
    return base


class SpanHighlighter(QSyntaxHighlighter):
    """Paints spans block by block, and only blocks that are on screen.

    Qt asks to highlight every block when a document is set; a block that is not on screen
    is only noted (`_stale`) and painted when the view shows it (`paint_blocks`). A block's
    spans are looked up when it is first painted (`spans_in_block`), in the view's text-ordered
    list, and kept: showing 100,000 spans indexes none of them, so it costs what the screen costs.
    A few changed spans repaint their blocks only; a whole new list repaints what is on screen.
    """

    def __init__(self, document, schema: Schema):
        super().__init__(document)
        self.schema = schema
        self._line_starts: list[int] = [0]
        self._map = Utf16Map("")
        self._spans: list[Span] = []
        self._long: list[Span] = []
        """The spans longer than LONG_SPAN, in text order."""
        self._by_block: dict[int, list[Span]] = {}
        """The spans of the blocks looked up so far (`spans_in_block`)."""
        self._readonly: set[str] = set()
        self._formats: dict[tuple, QTextCharFormat] = {}
        self._stale: set[int] = set()
        self._painting: set[int] = set()
        self.stale: Callable[[], None] = lambda: None
        """Called when blocks went stale: the view schedules a redraw."""
        self.colors: Callable[[Span], str] | None = None
        """Colour spans by something other than their label (the review colours them by kind)."""
        self.mark_annotators = False
        """Read-only spans are others' layers: mark each with its annotator's colour (a wavy underline)."""
        self.badged: Callable[[str], bool] = lambda _span_id: False
        """Whether a span carries a link badge: its last character is followed by `badge_room` pixels."""
        self.badge_room = 0

    def set_text(self, text: str, utf16: Utf16Map) -> None:
        self._line_starts = line_starts(text)
        self._map = utf16
        self._spans = []
        self._long = []
        self._by_block = {}
        self._stale = set()

    def blocks_of(self, span: Span) -> range:
        first = bisect_right(self._line_starts, span.start) - 1
        last = bisect_right(self._line_starts, max(span.start, span.end - 1)) - 1
        return range(first, last + 1)

    def set_spans(self, spans: list[Span], readonly: set[str]) -> None:
        """Show `spans`, in text order: the view's list, which it keeps in order as spans change
        (`replace_spans`). Nothing is indexed now; what is on screen is painted again."""
        self._spans = spans
        self._long = [s for s in spans if s.end - s.start > LONG_SPAN]
        self._readonly = set(readonly)
        self._by_block = {}
        self.repaint_all()

    def set_readonly(self, spans: list[Span], readonly: set[str]) -> set[int]:
        """Paint other spans fainter; returns the blocks of the spans whose look changed."""
        changed = readonly ^ self._readonly
        self._readonly = set(readonly)
        return {block for span in spans if span.id in changed for block in self.blocks_of(span)}

    def replace_spans(self, removed: list[Span], added: list[Span], readonly: set[str] = frozenset()) -> set[int]:
        """The view's list lost `removed` and gained `added` (`readonly`: those of them shown fainter): forget their
        blocks' spans; returns the blocks to repaint."""
        self._readonly |= readonly
        blocks = set()
        for span in removed:
            blocks.update(self.blocks_of(span))
            if span.end - span.start > LONG_SPAN:
                self._long = [s for s in self._long if s.id != span.id]
        for span in added:
            blocks.update(self.blocks_of(span))
            if span.end - span.start > LONG_SPAN:
                insort(self._long, span, key=span_order)
        for block in blocks:
            self._by_block.pop(block, None)
        return blocks

    def repaint_all(self) -> None:
        """Every block may look different: those on screen are painted again when the view next draws."""
        self._stale = set(range(self.document().blockCount()))
        self.stale()

    def repaint_blocks(self, blocks: set[int]) -> None:
        """Mark blocks stale; the view paints those on screen (`paint_blocks`) when it next draws."""
        self._stale |= blocks
        self.stale()

    def spans_in_block(self, number: int) -> list[Span]:
        """The spans in a block, in text order: those starting in it or at most LONG_SPAN before it that
        reach into it, and the longer ones that do (found once, then kept until its spans change)."""
        found = self._by_block.get(number)
        if found is None:
            starts = self._line_starts
            if not 0 <= number < len(starts):
                return []
            first = starts[number]
            after = starts[number + 1] if number + 1 < len(starts) else sys.maxsize
            near = first - LONG_SPAN
            found = [s for s in self._long if s.start <= near and s.end > first]
            spans = self._spans
            low = bisect_right(spans, near, key=_start)
            high = bisect_left(spans, after, lo=low, key=_start)
            found += [s for s in spans[low:high] if s.end > first]
            self._by_block[number] = found
        return found

    def paint_blocks(self, numbers: list[int]) -> None:
        """Paint the stale blocks among `numbers` (the ones on screen) now."""
        document = self.document()
        for number in numbers:
            if number in self._stale:
                self._stale.discard(number)
                block = document.findBlockByNumber(number)
                if block.isValid():
                    self._painting.add(number)
                    try:
                        self.rehighlightBlock(block)
                    finally:
                        self._painting.discard(number)

    def highlightBlock(self, text: str) -> None:
        number = self.currentBlock().blockNumber()
        if number not in self._painting:
            self._stale.add(number)
            return
        spans = self.spans_in_block(number)
        if not spans:
            return
        block_start = self.currentBlock().position()
        edges = set()
        pieces = []
        for span in spans:
            start = max(0, self._map.to_utf16(span.start) - block_start)
            end = min(len(text), self._map.to_utf16(span.end) - block_start)
            if end > start:
                pieces.append((start, end, span))
                edges.update((start, end))
        edges = sorted(edges)
        for left, right in zip(edges, edges[1:]):
            covering = [s for start, end, s in pieces if start <= left and right <= end]
            if covering:
                self.setFormat(left, right - left, self._format(covering))
        for start, end, span in pieces:
            if end == self._map.to_utf16(span.end) - block_start and self.badged(span.id):
                self._make_room_after(text, end)

    def _make_room_after(self, text: str, end: int) -> None:
        """Space after the character that ends at `end` (letter spacing), where the view paints a badge:
        a badge then covers no letter of the next word."""
        last = end - 2 if end >= 2 and "\udc00" <= text[end - 1] <= "\udfff" else end - 1
        fmt = QTextCharFormat(self.format(last))
        fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
        fmt.setFontLetterSpacing(self.badge_room)
        self.setFormat(last, end - last, fmt)

    def _format(self, covering: list[Span]) -> QTextCharFormat:
        """One cached format per look: the layers' colours, and the innermost span's colour and state.

        Suggestions never take a real tag's look: they only hatch text no real span colours and
        underline it dotted (see SUGGESTION_HATCH).
        """
        suggested = [s for s in covering if is_suggestion_layer(s.annotator)]
        covering = [s for s in covering if not is_suggestion_layer(s.annotator)]
        if self.mark_annotators and any(s.id in self._readonly for s in covering):
            return self._annotated_format(covering)
        background = [s for s in covering if self.style_of(s) == "background"]
        underline = [s for s in covering if self.style_of(s) == "underline"]
        inner_bg = min(background, key=lambda s: s.end - s.start) if background else None
        inner_ul = min(underline, key=lambda s: s.end - s.start) if underline else None
        inner_suggestion = min(suggested, key=lambda s: s.end - s.start) if suggested else None
        key = tuple(
            (tuple(sorted((self.color_of(s), s.id in self._readonly) for s in group)),
             inner and (self.color_of(inner), inner.id in self._readonly))
            for group, inner in ((background, inner_bg), (underline, inner_ul))
        ) + ((inner_suggestion and self.color_of(inner_suggestion)),)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            if inner_suggestion:
                self._suggestion_look(fmt, self.color_of(inner_suggestion), background or underline)
            if inner_bg:
                alpha = 60 if inner_bg.id in self._readonly else 110
                fmt.setBackground(shade(self.color_of(inner_bg), nesting(background), alpha))
            if inner_ul:
                fmt.setUnderlineColor(QColor(self.color_of(inner_ul)))
                readonly = all(s.id in self._readonly for s in underline)
                fmt.setUnderlineStyle(
                    QTextCharFormat.UnderlineStyle.DashUnderline
                    if readonly
                    else QTextCharFormat.UnderlineStyle.SingleUnderline
                )
                fmt.setFontWeight(QFont.Weight.DemiBold if len(underline) > 1 or not readonly else QFont.Weight.Normal)
                if not background:
                    fmt.setBackground(shade(self.color_of(inner_ul), nesting(underline), 28))
            self._formats[key] = fmt
        return fmt

    def _annotated_format(self, covering: list[Span]) -> QTextCharFormat:
        """Own spans as usual; others' spans as a faint background in their label's colour, underlined with a
        wave in their annotator's colour. Nesting counts within one layer, so a span two people tagged does
        not look nested."""
        own = [s for s in covering if s.id not in self._readonly]
        others = [s for s in covering if s.id in self._readonly]
        own_bg = [s for s in own if self.style_of(s) == "background"]
        own_ul = [s for s in own if self.style_of(s) == "underline"]
        filled = own_bg or others
        inner = min(filled, key=lambda s: s.end - s.start)
        background = (self.color_of(inner), nesting(own_bg + others), 110 if own_bg else 60)
        if own_ul:
            underline = (self.color_of(min(own_ul, key=lambda s: s.end - s.start)), True)
        else:
            underline = (annotator_color(min(others, key=lambda s: s.end - s.start).annotator), False)
        key = ("annotated", background, underline)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setBackground(shade(*background))
            fmt.setUnderlineColor(QColor(underline[0]))
            fmt.setUnderlineStyle(
                QTextCharFormat.UnderlineStyle.SingleUnderline
                if underline[1]
                else QTextCharFormat.UnderlineStyle.WaveUnderline
            )
            if underline[1]:
                fmt.setFontWeight(QFont.Weight.DemiBold)
            self._formats[key] = fmt
        return fmt

    @staticmethod
    def _suggestion_look(fmt: QTextCharFormat, color: str, tagged: bool) -> None:
        """Hatching (where no real span colours the text) and a dotted underline in the label's colour."""
        if not tagged:
            hatch = QColor(color)
            hatch.setAlpha(150)
            fmt.setBackground(QBrush(hatch, SUGGESTION_HATCH))
        fmt.setUnderlineColor(QColor(color))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)

    def style_of(self, span: Span) -> str:
        try:
            return self.schema.span_label(span.label).style
        except KeyError:
            return "background"

    def color_of(self, span: Span) -> str:
        if self.colors is not None:
            return self.colors(span)
        try:
            return self.schema.span_label(span.label).color
        except KeyError:
            return "#9e9e9e"


class ArticleView(QPlainTextEdit):
    """Read-only article text; select with mouse or Shift+arrows, click a span to select it."""

    spanClicked = Signal(str)
    """A click landed on a span (repeated clicks cycle through overlapping ones)."""
    emptyClicked = Signal()
    enterPressed = Signal()
    """Enter (no modifier) in the article: the window links the offered speaker."""

    def __init__(self, schema: Schema, parent=None):
        super().__init__(parent)
        self.schema = schema
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        font = QFont("DejaVu Serif")
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setPointSize(12)
        self.setFont(font)
        self.document().setDocumentMargin(18)
        self.highlighter = SpanHighlighter(self.document(), schema)
        self.highlighter.stale = self.viewport().update
        self.highlighter.badged = lambda span_id: span_id in self.badges
        self.highlighter.badge_room = self._badge_room()
        self.text = ""
        self.map = Utf16Map("")
        self.spans: list[Span] = []
        self._by_id: dict[str, Span] = {}
        """`spans` by id: selecting must not walk 100,000 spans."""
        self.selected_id: str | None = None
        self._describe = lambda span: describe_span(span, None, None)
        self._last_click: tuple[int, int] | None = None
        self.hits: list[tuple[int, int]] = []
        """Where the filter's words are (code-point ranges), in text order."""
        self.links: dict[str, str] = {}
        """Claim id -> speaker id, drawn as numbered badges."""
        self.badges = BadgeNumbers()
        self._centred: int | None = None
        self.centring = False
        """True while the view scrolls itself to centre a place: views that scroll together leave it alone."""

    # content ---------------------------------------------------------------

    def show_document(self, text: str, spans: list[Span], readonly: set[str], keep_place: bool = False) -> None:
        """Show a new article as plain text (never HTML) with its spans. `keep_place`: when the text is the one
        shown, keep its layout and place (the review's next pair of layers: laying out 5 MB took 0.1 s a view)."""
        same = keep_place and text == self.text
        self.text = text
        if not same:
            self.map = Utf16Map(text)
            self.highlighter.set_text(text, self.map)
        self.selected_id = None
        self._centred = None
        self.hits = []
        self.links, self.badges = {}, BadgeNumbers()
        self.highlighter.set_spans(spans, readonly)
        self.spans = spans
        self._by_id = {s.id: s for s in spans}
        if not same:
            self.setPlainText(text)
        self._show_selection()

    def update_spans(self, spans: list[Span], readonly: set[str], by_id: dict[str, Span] | None = None) -> None:
        """Show other spans (in text order; `by_id`: them by id, when made already); what is on screen is
        painted again."""
        self.spans = spans
        self._by_id = {s.id: s for s in spans} if by_id is None else by_id
        if self.selected_id not in self._by_id:
            self.selected_id = None
        self.highlighter.set_spans(spans, readonly)
        self._show_selection()

    def replace_spans(self, removed: list[Span], added: list[Span], readonly: set[str] = frozenset()) -> None:
        """A few spans changed: swap them in the text-ordered list and repaint their blocks only (`readonly`:
        those added that are shown fainter, not the user's)."""
        partners = set()
        for span in removed:
            i = bisect_left(self.spans, span_order(span), key=span_order)
            if i < len(self.spans) and self.spans[i].id == span.id:
                partners |= self._link_partners(span.id)
                del self.spans[i]
                del self._by_id[span.id]
                self.badges.hide(span.id)
        for span in added:
            insort(self.spans, span, key=span_order)
            self._by_id[span.id] = span
            self.badges.show(span.id, (span.start, span.end))
            partners |= self._link_partners(span.id)
        self._repaint_badged(partners)
        self._fit_badge_room()
        if self.selected_id and not any(s.id == self.selected_id for s in added) and any(
            s.id == self.selected_id for s in removed
        ):
            self.selected_id = None
        self.highlighter.repaint_blocks(self.highlighter.replace_spans(removed, added, readonly))
        self._show_selection()

    def set_readonly(self, readonly: set[str]) -> None:
        """Show these spans fainter (others' layers, decided differences); repaint only what changed."""
        self.highlighter.repaint_blocks(self.highlighter.set_readonly(self.spans, readonly))

    def set_describer(self, describe) -> None:
        """`describe(span) -> str` gives the hover text (label, annotator, speaker, stances) as escaped rich text."""
        self._describe = describe

    # positions -------------------------------------------------------------

    def selection_offsets(self) -> tuple[int, int] | None:
        """The text selection in code points, or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.map.to_offset(cursor.selectionStart()), self.map.to_offset(cursor.selectionEnd())

    def select_offsets(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self.map.to_utf16(start))
        cursor.setPosition(self.map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def offset_at(self, point) -> int:
        return self.map.to_offset(self.cursorForPosition(point).position())

    def range_rect(self, start: int, end: int) -> QRect:
        """The viewport rectangle around the text from `start` to `end` (code points), clipped to what is on screen."""
        first = QTextCursor(self.document())
        first.setPosition(self.map.to_utf16(start))
        last = QTextCursor(self.document())
        last.setPosition(self.map.to_utf16(end))
        rect = self.cursorRect(first).united(self.cursorRect(last))
        if self.cursorRect(first).top() != self.cursorRect(last).top():
            rect.setLeft(0)
            rect.setRight(self.viewport().width())
        return rect.intersected(self.viewport().rect())

    def spans_at(self, offset: int) -> list[Span]:
        """Spans covering `offset`, innermost first."""
        return sorted((s for s in self.spans if s.contains(offset)), key=lambda s: (s.end - s.start, s.start))

    # selection -------------------------------------------------------------

    def select_span(self, span_id: str | None, reveal: bool = False) -> None:
        """Select a span; `reveal` also moves the caret to it and scrolls it into view."""
        self.selected_id = span_id
        self._show_selection()
        span = self.selected_span()
        if span and reveal:
            cursor = self.textCursor()
            cursor.setPosition(self.map.to_utf16(span.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    def center_on(self, offset: int) -> None:
        """Scroll so that the line holding `offset` is in the middle of the view (the caret moves there),
        and keep it there when the view is resized (a pane laid out again, a window made larger)."""
        self._centred = offset
        self.centring = True
        try:
            cursor = self.textCursor()
            cursor.setPosition(self.map.to_utf16(offset))
            self.setTextCursor(cursor)
            self.centerCursor()
        finally:
            self.centring = False

    def selected_span(self) -> Span | None:
        return self._by_id.get(self.selected_id) if self.selected_id else None

    def caret_offset(self) -> int:
        return self.map.to_offset(self.textCursor().position())

    # links -------------------------------------------------------------------

    def set_links(self, links: dict[str, str], badges: BadgeNumbers | None = None) -> None:
        """Show claim -> speaker links as matching numbered badges (painted: the text is untouched); `badges`:
        their numbers, when worked out already. What is on screen is laid out again (the room after badges)."""
        self.highlighter.repaint_all()
        self.links = links
        self.badges = BadgeNumbers(links, {s.id: (s.start, s.end) for s in self.spans}) if badges is None else badges
        self._fit_badge_room()
        self._show_selection()
        self.viewport().update()

    def relink(self, changed: dict[str, str | None]) -> None:
        """Some claims were linked to another speaker (None: unlinked): redraw their badges only."""
        self._repaint_badged((set(changed) | {self.links.get(c) for c in changed} | set(changed.values())) - {None})
        for claim, speaker in changed.items():
            if speaker is None:
                self.links.pop(claim, None)
            else:
                self.links[claim] = speaker
            self.badges.link(claim, speaker)
        self._fit_badge_room()
        self._show_selection()
        self.viewport().update()

    def _link_partners(self, span_id: str) -> set[str]:
        """The spans whose badge depends on this one: its speaker, or its claims."""
        speaker = self.links.get(span_id)
        return ({speaker} if speaker else set()) | set(self.badges.claims_of(span_id))

    def _repaint_badged(self, span_ids: set[str]) -> None:
        """These spans may have gained or lost a badge: lay out their last blocks again (the room after them)."""
        blocks = {self.highlighter.blocks_of(self._by_id[i])[-1] for i in span_ids if i in self._by_id}
        if blocks:
            self.highlighter.repaint_blocks(blocks)

    def related(self) -> set[str]:
        """The selected claim's speaker, or the selected speaker's claims."""
        selected = self.selected_id
        if selected is None or not self.links:
            return set()
        if selected in self.links:
            return {self.links[selected]}
        return set(self.badges.claims_of(selected))

    def _badge_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(11, round(self.fontMetrics().height() * 0.72)))
        font.setBold(True)
        return font

    def _badge_room(self, highest: int = 0) -> int:
        """The room left after a badged span: the widest badge (`highest`'s digits, two at least) and a little air."""
        metrics = QFontMetricsF(self._badge_font())
        digits = "0" * max(2, len(str(highest)))
        return round(max(metrics.capHeight() + 7, metrics.horizontalAdvance(digits) + 7) + 4)

    def _fit_badge_room(self) -> None:
        """Make the room after badged spans as wide as the widest number now drawn (1,000 speakers need four
        digits): when that width changes, everything on screen is laid out again."""
        room = self._badge_room(self.badges.highest())
        if room != self.highlighter.badge_room:
            self.highlighter.badge_room = room
            self.highlighter.repaint_all()

    def badge_boxes(self) -> list[tuple[Span, int, QRectF]]:
        """Each badge on screen: its span, number and place, in the room left after the span's last
        character (centred on the line). Badges of spans ending at one place (a colleague's speaker
        and a suggested one) go side by side, never one over the other."""
        metrics = QFontMetricsF(self._badge_font())
        height = metrics.capHeight() + 7
        room = self.highlighter.badge_room
        boxes = []
        next_left: dict[tuple[int, int], float] = {}
        for block in self.visible_blocks():
            for span in self.highlighter.spans_in_block(block):
                number = self.badges.get(span.id)
                if number is None or self.highlighter.blocks_of(span)[-1] != block:
                    continue
                cursor = QTextCursor(self.document())
                cursor.setPosition(self.map.to_utf16(span.end))
                caret = self.cursorRect(cursor)
                width = max(height, metrics.horizontalAdvance(str(number)) + 7)
                place = (caret.left(), caret.top())
                left = next_left.get(place, caret.left() - room + 2)
                next_left[place] = left + width + 2
                top = caret.top() + (caret.height() - height) / 2
                boxes.append((span, number, QRectF(left, top, width, height)))
        return boxes

    def _paint_badges(self) -> None:
        """A small numbered badge after each linked claim and speaker on screen, in the room left for it."""
        emphasised = self.related() | ({self.selected_id} if self.selected_id in self.badges else set())
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._badge_font())
        for span, number, box in self.badge_boxes():
            label = str(number)
            color = QColor(BADGE_COLORS[(number - 1) % len(BADGE_COLORS)])
            strong = span.id in emphasised
            if is_suggestion_layer(span.annotator):
                # a suggested link: hollow and dashed, never like a real one
                painter.setPen(QPen(color, 2 if strong else 1, Qt.PenStyle.DashLine))
                painter.setBrush(QColor(255, 255, 255, 220))
                painter.drawRoundedRect(box, box.height() / 2, box.height() / 2)
                painter.setPen(color)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
                continue
            if emphasised and not strong:
                color.setAlpha(150)
            painter.setPen(QPen(QColor("#000000" if strong else "#ffffff"), 2 if strong else 1))
            painter.setBrush(color)
            painter.drawRoundedRect(box, box.height() / 2, box.height() / 2)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        painter.end()

    def show_search(self, hits: list[tuple[int, int]]) -> None:
        """Mark where the filter's words are in the article (code-point ranges)."""
        self.hits = hits
        self._show_selection()

    def _show_selection(self) -> None:
        """Search hits and the selected span get extra selections; the spans are the highlighter's."""
        selections = [self._extra(start, end, SEARCH_HIT, underline=True) for start, end in self.hits]
        span = self.selected_span()
        related = self.related()
        for other in sorted((self._by_id[i] for i in related if i in self._by_id), key=span_order):
            color = QColor(self.highlighter.color_of(other))
            color.setAlpha(90)
            selections.append(self._extra(other.start, other.end, color, underline=True))
        if span is not None:
            color = QColor(self.highlighter.color_of(span))
            color.setAlpha(150)
            selections.append(self._extra(span.start, span.end, color, underline=True))
        self.setExtraSelections(selections)

    def _extra(self, start: int, end: int, color: QColor, underline: bool = False) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.map.to_utf16(start))
        cursor.setPosition(self.map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format.setBackground(color)
        if underline:
            selection.format.setForeground(QColor("#000000"))
            selection.format.setFontUnderline(True)
        return selection

    # events ----------------------------------------------------------------

    def keyPressEvent(self, event):
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enterPressed.emit()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event):
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        offset = self.offset_at(event.position().toPoint())
        under = self.spans_at(offset)
        if not under:
            self._last_click = None
            self.emptyClicked.emit()
            return
        ids = [s.id for s in under]
        if self.selected_id in ids and self._last_click and abs(self._last_click[0] - offset) <= 1:
            chosen = ids[(ids.index(self.selected_id) + 1) % len(ids)]
        else:
            chosen = ids[0]
        self._last_click = (offset, len(ids))
        self.spanClicked.emit(chosen)

    def viewportEvent(self, event):
        if event.type() == QEvent.Type.ToolTip:
            under = self.spans_at(self.offset_at(event.pos()))
            if under:
                QToolTip.showText(event.globalPos(), "<hr>".join(self._describe(s) for s in under), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def paintEvent(self, event):
        self.highlighter.paint_blocks(self.visible_blocks())
        super().paintEvent(event)
        if self.badges:
            self._paint_badges()

    def shown_end(self) -> int:
        """The code-point offset where the text on screen ends."""
        numbers = self.visible_blocks()
        if not numbers:
            return 0
        block = self.document().findBlockByNumber(numbers[-1])
        return self.map.to_offset(block.position() + block.length())

    def visible_blocks(self) -> list[int]:
        """Numbers of the blocks on screen, top to bottom."""
        numbers = []
        block = self.firstVisibleBlock()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        bottom = self.viewport().height()
        while block.isValid() and top <= bottom:
            numbers.append(block.blockNumber())
            top += self.blockBoundingRect(block).height()
            block = block.next()
        return numbers

    def resizeEvent(self, event):
        """Keep lines at a comfortable reading width, centred."""
        margin = max(0, (self.width() - READ_WIDTH) // 2)
        self.setViewportMargins(margin, 0, margin, 0)
        super().resizeEvent(event)
        if self._centred is not None and self._centred <= len(self.text):
            self.center_on(self._centred)


def nesting(spans: list[Span]) -> int:
    """How deeply spans nest: the most spans of one annotator covering a place (others' layers do not add up)."""
    return max(Counter(s.annotator for s in spans).values(), default=0)


def _start(span: Span) -> int:
    return span.start


def suggestion_note(span: Span) -> str:
    """Plain text: which model suggested the span and how sure it was."""
    model, confidence = span.provenance.get("model", "?"), span.provenance.get("confidence")
    note = f"suggested by {model}" + (f", confidence {confidence:.2f}" if isinstance(confidence, (int, float)) else "")
    if span.provenance.get("adjusted"):
        note += ", adjusted"
    if is_suggestion_layer(span.annotator):
        note += " (A accepts, X rejects, B adjusts)"
    return note


def describe_span(span: Span, speaker: str | None, entity: str | None) -> str:
    """Hover text for a span; everything user-written is escaped (the tooltip is rich text)."""
    lines = [f"<b>{escape(span.label)}</b> · {escape(span.annotator)}"]
    if span.origin == "suggested" and span.provenance:
        lines.append(escape(suggestion_note(span)))
    if span.attrs:
        lines.append(", ".join(f"{escape(k)}: {escape(str(v))}" for k, v in sorted(span.attrs.items())))
    if speaker:
        lines.append(f"speaker: {escape(speaker)}")
    if entity:
        lines.append(f"is: {escape(entity)}")
    for stance in span.stances:
        lines.append(f"{escape(stance.label)} → {escape(stance.target)}")
    return "<br>".join(lines)
