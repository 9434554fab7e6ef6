"""Waiting times the council states: service, measure, days, previous days, people waiting.

Findings state them in prose: `a median waiting time of 13 days (from 18 days) and a maximum waiting
time of 30 days (from 44 days), with 49 cases waiting`; `The average waiting time was down from 22
days to 18 days`; `completed within 7-10 days of referral`. One row per stated time. The service is the
one named nearest before the time in the sentence (else after it); a sentence that names no service
continues the previous sentence of its paragraph (service and people waiting: `... 132 DoLS
applications awaiting assessment. The median waiting time ... was 13 days`), else the service named
by the key-finding heading, else `other`.

Decisions (pinned by the golden tests): a single `within N days` is a target or standard, not a
stated waiting time, and is not extracted; a range `within 7-10 days` is (measure `range`). Delivery
times (`average time for delivery`) are not waiting times. `no waiting list` is not a count. Weeks are
converted to days (x 7, exact); months and years are not (a month has no fixed number of days): a wait
stated in months is a `waiting_time_unit` warning, not a row. `The average time from referral to an
assessment was 9 days` is a waiting time, and so is a time a service took with its measure (`took an average
of 34 days to complete`, `took on average 19 working days`, `completed in an average of 24 days`; `TOOK`).
A labelled item (`Occupational therapy: 1,140 people waiting; median wait 11 weeks; longest 38 weeks`) gives
every measured time after its label when the label names a service.

Each stated time looks only a bounded distance ahead of itself, and what a sentence names (services,
times already read) is looked up by offset, so a sentence stating thousands of times costs one pass.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from decimal import Decimal
from functools import lru_cache

from ..report import ParseWarning, WaitingTime
from .blocks import Chunk
from .numbers import count
from .sentences import quote, sentence_spans
from .text import lowered

# Service -> patterns on the lower-cased sentence. Each starts with a literal word, which keeps the
# search fast (a pattern that starts with an alternation is tried at every character).
SERVICES: tuple[tuple[str, str], ...] = (
    ("carers_assessment", r"carers?'?s?'? (?:[a-z]+ ){0,2}?assessment"),
    ("carers_assessment", r"assessments? (?:for|of) (?:unpaid |young )?carer"),
    ("carers_assessment", r"statutory carer"),
    ("financial_assessment", r"financial assessment"),
    ("occupational_therapy", r"occupational therap"),
    ("dols", r"dols\b"),
    ("dols", r"deprivation of liberty"),
    ("safeguarding", r"safeguarding"),
    ("safeguarding", r"section 42"),
    ("review", r"reviews?\b"),
    ("care_act_assessment", r"care act assessment"),
    ("care_act_assessment", r"needs? assessment"),
    ("care_act_assessment", r"social care assessment"),
    ("care_act_assessment", r"assessments? of need"),
)
_SERVICE_PATTERNS = tuple((name, re.compile(pattern)) for name, pattern in SERVICES)
# Key-finding headings name some services in their own words ('Assessment and care planning for unpaid
# carers, ...'): read only when the heading names none of the services above.
HEADING_SERVICES: tuple[tuple[str, str], ...] = (("carers_assessment", r"unpaid carer|carers\b"),)
_HEADING_PATTERNS = tuple((name, re.compile(pattern)) for name, pattern in HEADING_SERVICES)
_OT = re.compile(r"\bOTs?\b")
# 'waiting for an assessment' names no service: it is the assessment the key finding is about, or a Care Act
# assessment under a heading about something else ('Timeliness of assessments, care planning and reviews')
GENERIC_ASSESSMENT = re.compile(r"\bassessments?\b")
ASSESSMENT_SERVICES = frozenset(
    {"care_act_assessment", "carers_assessment", "financial_assessment", "occupational_therapy", "dols"}
)
MEASURES = {
    "median": "median",
    "average": "average",
    "mean": "average",
    "maximum": "maximum",
    "max": "maximum",
    "longest": "maximum",
}
# The patterns below run on lower-cased sentences (`text.lowered`): no IGNORECASE, literal words first.
_DAYS = r"(?P<num>\d+(?:\.\d+)?)\s?(?P<unit>days?|weeks?|working\s+days?)\b"
WAIT = re.compile(
    r"(?P<measure>median|average|mean|maximum|max|longest)\s+(?:length\s+of\s+)?(?:waiting\s+times?|wait\s+times?"
    r"|waits?|waiting|time\s+(?:spent\s+|(?:they|people|carers)\s+(?:had|have|has)\s+been\s+)?waiting|waiting\s+period)\b"
)
WAITED = re.compile(
    rf"wait(?:ed|ing)\s+(?:for\s+)?(?:an?\s+|on\s+)?(?P<measure>average|median|mean|maximum)\s+(?:of\s+)?{_DAYS}"
)
NO_ONE = re.compile(
    rf"no[\s-]*(?:one|body)\s+(?:was\s+|were\s+|had\s+been\s+|had\s+|has\s+)?wait(?:ing|ed)\s+(?:longer|more)\s+than\s+{_DAYS}"
)
# the time a service took, with its measure: 'it took an average of 34 days to complete a Care Act assessment',
# 'Financial assessments took on average 19 working days', 'were completed in an average of 24 days'
TOOK = re.compile(
    r"(?:took|takes|take|taking|completed|carried\s+out|undertaken|done)\s+(?:in\s+|on\s+)?(?:an?\s+)?"
    rf"(?P<measure>average|median|mean)\s+(?:time\s+)?(?:of\s+)?{_DAYS}"
)
# the longest (or typical) wait as a clause of its own: 'the longest had waited 16 weeks'
HAD_WAITED = re.compile(
    r"(?P<measure>longest|median|average)\s+(?:one\s+|person\s+)?(?:had|has|have)\s+(?:been\s+)?wait(?:ed|ing)\s+"
    rf"(?:for\s+)?{_DAYS}"
)
UP_TO = re.compile(rf"wait(?:ed|ing|s)?\s+(?:times?\s+)?(?:of\s+)?up\s+to\s+{_DAYS}")
# a second measure of the same wait: '... a median wait of 58 days, with a maximum of 212 days',
# '... The median waiting time was 41 days and the maximum 287 days.'
ALSO = re.compile(
    r"(?:and|with|while|whilst|but)\s+(?:a|the)\s+(?P<measure>maximum|longest|median|average|mean)\s+"
    rf"(?:of\s+|was\s+|being\s+|at\s+)?{_DAYS}"
)
# the time from referral to a service, stated as a waiting time: 'The average time from referral to a Care Act
# assessment was 9 days' (a delivery time, 'average time for delivery', is not a wait)
FROM_REFERRAL = re.compile(
    r"(?P<measure>median|average|mean|maximum|longest)\s+(?:length\s+of\s+)?time\s+(?:from|between)\s+"
    rf"(?:the\s+)?(?:referral|first\s+contact|contact|request)\b[^.;]{{0,70}}?\b(?:was|were|is|of|at|stood\s+at)\s+{_DAYS}"
)
# ... from another starting event to the start of the service: 'The average time from a safeguarding concern
# being raised to the start of an enquiry was 6 days'
FROM_EVENT = re.compile(
    r"(?P<measure>median|average|mean|maximum|longest)\s+(?:length\s+of\s+)?time\s+(?:from|between)\s+"
    rf"[^.;]{{3,80}}?\s(?:to|and)\s[^.;]{{3,70}}?\b(?:was|were|is|stood\s+at)\s+{_DAYS}"
)
# a stated measure after 'within' (a bare 'within 28 days' is a target, not a wait): 'Financial assessments
# were completed within an average of 15 working days', 'triaged within an average of 2 days'
WITHIN_MEASURE = re.compile(
    rf"within\s+(?:an?\s+)?(?P<measure>average|median|mean|maximum)\s+(?:time\s+)?(?:of\s+)?{_DAYS}"
)
AVERAGED = re.compile(rf"waiting\s+times?\b[^.;]{{0,70}}?\b(?P<measure>averaged)\s+{_DAYS}")
RANGE = re.compile(
    r"(?:completed|carried\s+out|undertaken|seen|assessed|allocated|contacted|waited|waiting|wait|took|take|takes)\s+"
    r"(?:within|between|for)\s+(?P<low>\d+)\s*(?:-|to|and)\s*(?P<num>\d+)\s?(?P<unit>days?|weeks?|working\s+days?)\b"
)
RANGED = re.compile(
    r"waiting\s+times?\b[^.;]{0,80}?\b(?:ranged|range|varied)\s+(?:from|between)\s+(?P<low>\d+)\s*(?:-|to|and)\s*(?P<num>\d+)\s?"
    r"(?P<unit>days?|weeks?)\b"
)
# a list item or line that labels a service and lists its times: '- Care Act assessments: median 21 days, longest
# 98 days (312 people waiting)'. Read only when the label before the colon names a known service.
_LISTED_MEASURE = (
    r"(?P<measure>median|average|mean|maximum|max|longest)\s+(?:wait\s+|waiting\s+time\s+)?(?:of\s+|was\s+)?"
)
LISTED = re.compile(
    rf"^\s*(?:[-*\u2022]\s+|\d+[.)]\s+)?(?P<label>[^:.;]{{3,60}}?)\s*:\s*{_LISTED_MEASURE}{_DAYS}"
)
# every further time of a labelled item, after a count or another time: '- Occupational therapy: 1,140 people
# waiting; median wait 11 weeks; longest 38 weeks'
LISTED_LABEL = re.compile(r"^\s*(?:[-*\u2022]\s+|\d+[.)]\s+)?(?P<label>[^:.;]{3,60}?)\s*:")
LISTED_MORE = re.compile(rf"(?:[,;:]|\band\b)\s*{_LISTED_MEASURE}{_DAYS}")
DAYS = re.compile(_DAYS)
FROM_TO = re.compile(rf"from\s+(?P<prev>\d+(?:\.\d+)?)\s?(?:days?|weeks?)?\s+to\s+{_DAYS}")
PREVIOUS = re.compile(  # possessive spaces: a long run of them is read once, not once per length
    r"\s*+[(,]?\s*+(?:(?:down|up|reduced|increased|decreased|improved)\s+)?(?:from|compared\s+(?:to|with))\s+"
    r"(?:a\s+\w+\s+of\s+)?(?P<prev>\d+(?:\.\d+)?)\s?(?:days?|weeks?)?\)?"
)
# a previous figure a few words after the time: '... 45 days for reviews, down from 60 days'
PREVIOUS_LATER = re.compile(
    r"(?:\b(?:down|up|reduced|increased|decreased|improved)\s+from|\(from"
    # 'compared with 35 days a year earlier' (an earlier figure of the council's, not another measure)
    r"|\bcompared\s+(?:with|to)(?=\s+\d+(?:\.\d+)?\s?(?:days?|weeks?)\s+(?:a\s+year\s+(?:earlier|before|ago)|last\s+year)))"
    r"\s+(?P<prev>\d+(?:\.\d+)?)\s?(?:days?|weeks?)"
)
_PREVIOUS_WINDOW = 110
_NUMBER = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?![\d,])"
PEOPLE = (
    re.compile(rf"waiting\s+list[^.;]{{0,80}}?\bfrom\s+\d[\d,]*\s+to\s+{_NUMBER}"),
    re.compile(
        rf"(?<![\d.,])(?<!section\s)(?!(?:19|20)\d\d\b){_NUMBER}\s+(?!days?\b|weeks?\b)(?:[a-z0-9(][\w()-]*\s+){{0,5}}?(?:people|individuals|cases|"
        r"applications|adults|carers|persons|referrals|requests|enquiries|concerns)\b[^.;%]{0,30}?\b"
        r"(?:waiting|awaiting|on\s+(?:the|a)\s+waiting\s+list)"
    ),
    re.compile(rf"waiting\s+list\s+(?:[^.;\d]{{0,40}}?\s)?(?:of|with|to|stood\s+at|was|reached)\s+{_NUMBER}"),
    # a bare count in a labelled item: 'Section 42 enquiries: average 5 days ...; 88 awaiting allocation'
    re.compile(rf"(?:^|[;:,]\s*)(?<![\d.,]){_NUMBER}\s+(?:were\s+|are\s+)?(?:awaiting|waiting)\b"),
)
IN_MONTHS = re.compile(
    r"wait(?:ed|ing|s)?\s+(?:times?\s+)?(?:for\s+[^.;\d]{0,50}?)?(?:(?:was|were|is|of|for|up\s+to|around|about)\s+)?"
    r"(?P<num>\d+(?:\.\d+)?)\s?(?P<unit>months?|years?)\b"
)
# 'waited around 6 weeks' (no measure): a warning, not a row
UNMEASURED = re.compile(
    r"wait(?:ed|s)?\s+(?:for\s+)?(?:around|about|approximately|approx\.?|roughly|typically|usually|nearly|almost)\s+"
    r"(?P<num>\d+(?:\.\d+)?)\s?(?P<unit>days?|weeks?|working\s+days?)\b"
)
RANGE_QUICK = re.compile(
    r"\d\s?(?:-|to|and)\s?\d+\s?(?:working\s)?(?:days?|weeks?)\b"
)  # a range needs no 'wait'
_CONTEXT_SENTENCES = 2  # how far back a sentence that names no service looks for one
_MAX_GAP = 90  # characters between 'median waiting time' and its number of days


def _services(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, service) of every service named in `text[start:end]`, in order."""
    lowered = text[start:end].lower()
    found = [
        (start + match.start(), name)
        for name, pattern in _SERVICE_PATTERNS
        for match in pattern.finditer(lowered)
        if match.start() == 0 or not lowered[match.start() - 1].isalpha()
    ]
    if "OT" in text[start:end]:
        found.extend((match.start(), "occupational_therapy") for match in _OT.finditer(text, start, end))
    found.sort()
    return found


def _service_at(mentions: list[tuple[int, str]], position: int) -> str | None:
    """The service named nearest before `position`, else the first one named after it."""
    before = bisect_left(mentions, position, key=lambda mention: mention[0])
    if before:
        return mentions[before - 1][1]
    return mentions[0][1] if mentions else None


def _people(text: str, start: int, end: int) -> int | None:
    for pattern in PEOPLE:
        found = pattern.search(text, start, end)
        if found:
            return count(found.group("n"))
    return None


def _in_days(number: str, unit: str) -> Decimal:
    value = Decimal(number)
    return value * 7 if unit.lower().startswith("week") else value


def _times(text: str, start: int, end: int) -> list[tuple[int, str, Decimal, Decimal | None, Decimal | None]]:
    """(position, measure, days, days_low, previous_days) for each stated time in one sentence."""
    found: list[tuple[int, str, Decimal, Decimal | None, Decimal | None]] = []
    taken: list[tuple[int, int]] = []  # (start, end) of what the WAIT pattern read, in order
    sentence = text[start:end]
    if RANGE_QUICK.search(sentence):
        for pattern in (RANGE, RANGED):
            for match in pattern.finditer(text, start, end):
                low = _in_days(match.group("low"), match.group("unit"))
                high = _in_days(match.group("num"), match.group("unit"))
                found.append((match.start(), "range", high, low, None))
    label = LISTED_LABEL.match(text, start, end) if ":" in sentence else None
    if label and _services(text, label.start("label"), label.end("label")):
        listed = [_listed(text, more, end) for more in LISTED_MORE.finditer(text, label.end() - 1, end)]
        if listed:
            return found + listed
    within = "within" in sentence
    if (
        "wait" not in sentence
        and "time from" not in sentence
        and "time between" not in sentence
        and not within
        and not TOOK.search(sentence)
    ):
        return found
    for wait in WAIT.finditer(text, start, end):
        limit = min(end, wait.end() + _MAX_GAP)
        following = WAIT.search(text, wait.end(), limit)
        if following:
            limit = following.start()
        days = DAYS.search(text, wait.end(), limit)
        if not days:
            continue
        days_value, previous = _in_days(days.group("num"), days.group("unit")), None
        from_to = FROM_TO.search(text, wait.end(), limit)
        if from_to and from_to.start() <= days.start():
            days_value = _in_days(from_to.group("num"), from_to.group("unit"))
            previous = _in_days(from_to.group("prev"), from_to.group("unit"))
            tail = from_to.end()
        else:
            after = PREVIOUS.match(text, days.end(), end)
            if after is None:
                window = min(end, days.end() + _PREVIOUS_WINDOW)
                later_wait = WAIT.search(text, days.end(), window)
                after = PREVIOUS_LATER.search(text, days.end(), later_wait.start() if later_wait else window)
            if after:
                previous = _in_days(after.group("prev"), days.group("unit"))
            tail = days.end()
        found.append((wait.start(), MEASURES[wait.group("measure").lower()], days_value, None, previous))
        taken.append((wait.start(), max(tail, taken[-1][1]) if taken else tail))  # end: the furthest so far
    patterns: tuple[tuple[re.Pattern[str], str | None], ...] = (
        (WAITED, None),
        (NO_ONE, "maximum"),
        (TOOK, None),
        (HAD_WAITED, None),
        (UP_TO, "maximum"),
        (AVERAGED, "average"),
        (ALSO, None),
    )
    if "time from" in sentence or "time between" in sentence:
        patterns += ((FROM_REFERRAL, None), (FROM_EVENT, None))
    if within:
        patterns += ((WITHIN_MEASURE, None),)
    read = {item[0] for item in found}
    for pattern, measure in patterns:
        for match in pattern.finditer(text, start, end):
            if _within(taken, match.start()) or match.start() in read:
                continue  # already read (by a wider pattern, or a second pattern for the same time)
            read.add(match.start())
            name = measure or MEASURES[match.group("measure").lower()]
            previous = _previous_after(text, match.end(), end, match.group("unit"))
            found.append(
                (match.start(), name, _in_days(match.group("num"), match.group("unit")), None, previous)
            )
    found.sort(key=lambda item: item[0])
    return found


def _within(taken: list[tuple[int, int]], position: int) -> bool:
    """Whether `position` lies inside a span already read (`taken`: by start, each end the furthest yet)."""
    index = bisect_right(taken, position, key=lambda span: span[0]) - 1
    return index >= 0 and position < taken[index][1]


def _listed(
    text: str, match: re.Match[str], end: int
) -> tuple[int, str, Decimal, Decimal | None, Decimal | None]:
    previous = _previous_after(text, match.end(), end, match.group("unit"))
    return (
        match.start("measure"),
        MEASURES[match.group("measure")],
        _in_days(match.group("num"), match.group("unit")),
        None,
        previous,
    )


def _previous_after(text: str, position: int, end: int, unit: str) -> Decimal | None:
    """The earlier figure printed just after a time ('..., down from 47 days'), before any other time."""
    after = PREVIOUS.match(text, position, end)
    if after is None:
        window = min(end, position + _PREVIOUS_WINDOW)
        # only a time starting inside the window can come before the earlier figure
        following = DAYS.search(text, position, min(end, window + _PREVIOUS_WINDOW))
        after = PREVIOUS_LATER.search(text, position, window)
        if after is not None and following is not None and following.start() < after.start():
            after = None  # another time comes first: the earlier figure is its own
    return _in_days(after.group("prev"), unit) if after else None


# Words without which a paragraph states no waiting time (a cheap test before any pattern runs).
_WAIT_WORDS = ("wait", "Wait", "within", "between", "time from", "time between", "average", "median", "took")


def may_state_wait(text: str) -> bool:
    """Whether a paragraph may state a waiting time at all (`read_waiting` decides)."""
    return any(words in text for words in _WAIT_WORDS)


def unmeasured_waits(chunk: Chunk) -> list[ParseWarning]:
    """A wait stated with no median, average or maximum ('people typically waited around 6 weeks'): which
    measure it is cannot be read, so it is a warning for a person to read, never a guessed row."""
    lower = lowered(chunk.match)
    return [
        ParseWarning(
            "waiting_time_measure",
            f"a wait with no median, average or maximum is not stored: {chunk.text[found.start() : found.end()]!r}",
            chunk.line_of(found.start()),
        )
        for found in UNMEASURED.finditer(lower)
    ]


def read_waiting(chunk: Chunk, qs_no: int | None, heading: str | None) -> list[WaitingTime]:
    """The waiting times stated in one paragraph or list item (`heading`: its key-finding heading)."""
    text = chunk.match
    if (
        "wait" not in text
        and "Wait" not in text
        and "time from" not in text
        and "time between" not in text
        and (("within" not in text and "between" not in text) or not RANGE_QUICK.search(text))
        and ("within" not in text or not WITHIN_MEASURE.search(lowered(text)))
        and (":" not in text or not LISTED.match(lowered(text)))
        and not TOOK.search(lowered(text))
    ):
        return []  # every stated time needs 'wait' or 'time from', a range 'within/between 7-10 days',
        # or a measure after 'within' ('within an average of 15 days')
    spans = sentence_spans(text)
    lower = lowered(text)
    times = [_times(lower, start, end) for start, end in spans]
    if not any(times):
        return []
    results: list[WaitingTime] = []
    fallback = heading_service(heading)
    for index, stated in enumerate(times):
        if not stated:
            continue
        start, end = spans[index]
        sentence = quote(chunk.text, start, end)
        mentions = _services(text, start, end)
        people = _people(lower, start, end)
        service = None
        if not mentions:
            service, earlier_people = _context(text, lower, spans, index)
            people = earlier_people if people is None else people
            if service is None and GENERIC_ASSESSMENT.search(lower, start, end):
                service = fallback if fallback in ASSESSMENT_SERVICES else "care_act_assessment"
        for position, measure, days, days_low, previous in stated:
            results.append(
                WaitingTime(
                    qs_no=qs_no,
                    block_no=chunk.block_no,
                    position=len(results),
                    service=_service_at(mentions, position) or service or fallback or "other",
                    measure=measure,
                    days=days,
                    days_low=days_low,
                    previous_days=previous,
                    people_waiting=people,
                    sentence=sentence,
                    line_start=chunk.line_of(start),
                    line_end=chunk.line_of(end - 1),
                )
            )
    return results


def _context(
    text: str, lower: str, spans: list[tuple[int, int]], index: int
) -> tuple[str | None, int | None]:
    """Service and people waiting carried over from the sentences just before one that names no service
    (`... 132 DoLS applications awaiting assessment. The median waiting time ... was 13 days`)."""
    people: int | None = None
    for back in range(index - 1, max(-1, index - 1 - _CONTEXT_SENTENCES), -1):
        start, end = spans[back]
        if people is None and "wait" in lower[start:end]:
            people = _people(lower, start, end)
        mentions = _services(text, start, end)
        if mentions:
            return mentions[-1][1], people
    return None, people


@lru_cache(maxsize=256)
def heading_service(heading: str | None) -> str | None:
    """The service a key-finding heading names ('Financial assessment and charging policy ...')."""
    if not heading:
        return None
    mentions = _services(heading, 0, len(heading))
    if mentions:
        return mentions[0][1]
    lower = heading.lower()
    return next((name for name, pattern in _HEADING_PATTERNS if pattern.search(lower)), None)


def waits_in_months(chunk: Chunk) -> list[ParseWarning]:
    """Waits stated in months or years ('the longest wait for a review was 14 months'): not converted to days
    (a month has no fixed length), so each is a warning for a person to read, never a guessed row."""
    lower = lowered(chunk.match)
    return [
        ParseWarning(
            "waiting_time_unit",
            f"a wait stated in {found.group('unit')} is not converted to days: {chunk.text[found.start() : found.end()]!r}",
            chunk.line_of(found.start()),
        )
        for found in IN_MONTHS.finditer(lower)
    ]
