"""Weighted phrase rules: each names what it saw, for which kind, and how much it counts.

English rules are here, German, French and Spanish ones in `rules_i18n`; how a rule is
written and gated is in `phrases`. Weights: 0.5 alone makes a kind eligible, weaker phrases
need company. Subject weights are higher than body weights because a subject states the point
of the message.
"""

from __future__ import annotations

import re

from mail_sync.classifier.phrases import Rule, fold, words_of
from mail_sync.classifier.phrases import each as _each
from mail_sync.classifier.phrases import rule as _rule
from mail_sync.classifier.rules_i18n import FRENCH, GERMAN, SPANISH

__all__ = ["RULES", "Rule", "fold", "matching_rules", "words_of"]


_STOP_VERB = (
    r"\s+(?:be\s+)?(?:moving|move|moved|proceed|proceeding|progress|progressing|continue"
    r"|continuing|advance|advancing)\s+(?:forward\s+)?(?:with|further|to the next|in the process"
    r"|at this time|your)"
)
_OTHER_PEOPLE = (
    r"(?:(?:other|another|a different|different) (?:candidates?|applicants?|person)"
    r"|someone (?:else|whose|who))"
)
_TEST_NOUN = (
    r"\s+(?:challenge|assessment|test|exercise|assignment|task|evaluation|questionnaire)s?\b"
)
_INTERVIEW_NOUN = (
    r"\s+(?:a|an|your|the|our|some time for (?:a|an|your))?\s*(?:\S+\s+){0,3}?"
    r"(?:interviews?|phone screen|screening call|onsite|on-site|call with)\b"
)
_CHAT = (
    r" (?:be )?(?:open|interested|available|up) (?:to|in|for) (?:a |an )?(?:quick |brief |short"
    r" |informal |exploratory |confidential |casual )?(?:chat|call|conversation|exploring|hearing"
    r"|learning|discussing"
    r"|talking|connect|new (?:role|opportunit)|this (?:role|opportunity))"
)

ENGLISH: tuple[Rule, ...] = (
    # Rejections
    _rule(
        "rejection",
        "not moving forward",
        0.7,
        0.9,
        *_each("not|n't|unable to|not able to", _STOP_VERB),
    ),
    _rule(
        "rejection",
        "decided not to",
        0.7,
        0.9,
        r"decided (?:not to|to not) (?:move|proceed|progress|continue|pursue|advance|offer|extend)",
    ),
    _rule(
        "rejection",
        "other candidates",
        0.7,
        0.9,
        *_each(
            "move|moving|go|going|proceed|proceeding|continue|continuing",
            rf"(?: forward)? with {_OTHER_PEOPLE}",
        ),
        *_each("pursue|pursuing|chosen|selected|hired|decided on", f" {_OTHER_PEOPLE}"),
        *_each(
            "candidate|candidates|applicant|applicants|individuals|someone",
            r" (?:whose|who)[^.]{0,60}(?:more closely|better|closer) (?:match|align|suit|fit)",
        ),
    ),
    _rule(
        "rejection",
        "regret to inform",
        0.6,
        0.9,
        r"regret (?:to inform|to let you know|to tell you|that we)",
    ),
    _rule(
        "rejection",
        "not selected",
        0.6,
        0.9,
        r"not (?:been )?(?:selected|shortlisted|successful)\b",
        r"unsuccessful\b",
        r"no longer (?:being )?considered\b",
        r"no longer under consideration",
        r"no longer considering (?:candidates|applications|applicants|your)",
        r"cannot consider your application",
    ),
    _rule(
        "rejection",
        "position filled or closed",
        0.6,
        0.9,
        r"been filled\b",
        *_each(
            "filled the|filled this|filled our|closed the|closed this|closing the|closing this",
            r"\b[^.]{0,60}\b(?:position|role|opening|vacancy|search|requisition)\b",
        ),
        r"has (?:now )?been (?:closed|cancelled|canceled)",
        *_each("have filled|have closed", r" (?:the|this) (?:position|role)"),
        *_each(
            "position|role|opening|vacancy|requisition",
            r" (?:is|has become) no longer (?:available|open)\b",
        ),
    ),
    _rule(
        "rejection",
        "unable to offer",
        0.6,
        0.9,
        *_each(
            "unable to|not able to|cannot|can't|can not",
            r" (?:offer you|extend (?:you )?an offer)",
        ),
        *_each(
            "not|n't",
            r" (?:be )?(?:extending|extend|making|make|offering)(?: you)? (?:an? |the )?offer\b",
        ),
    ),
    _rule(
        "rejection",
        "different direction",
        0.5,
        0.8,
        r"different direction",
        r"not the right (?:fit|match)",
        r"not (?:a|the) (?:fit|match) (?:for|at) (?:this|the|our)",
    ),
    _rule("rejection", "'unfortunately'", 0.3, 0.45, r"unfortunately\b"),
    _rule(
        "rejection",
        "'application update/status'",
        0.1,
        0.2,
        r"update (?:on|about|regarding) your application\b",
        r"status of your application\b",
        r"your application (?:status|update)\b",
    ),
    # Offers
    _rule(
        "offer",
        "extend an offer",
        0.8,
        1.0,
        r"extend(?:ing)? (?:you )?(?:an? |our |this )?(?:formal |verbal |official |written )?"
        r"(?:job |employment )?offer\b",
        r"make you an? (?:formal |official |verbal )?offer\b",
    ),
    _rule(
        "offer",
        "offer letter or package",
        0.6,
        0.9,
        r"offer (?:letter|of employment|package|details|documents?)\b",
        r"employment offer\b",
        r"your offer\b",
    ),
    _rule(
        "offer",
        "pleased to offer you the role",
        0.8,
        1.0,
        *_each(
            "pleased|happy|delighted|excited|thrilled|glad",
            r" to (?:formally )?offer you (?:the|a|this|our)\b[^.]{0,60}\b(?:position|role|job)\b",
        ),
    ),
    _rule(
        "offer",
        "offers you the role",
        0.7,
        0.9,
        r"like to offer you (?:the|a|this) (?:\S+ ){0,5}?(?:position|role|job)\b",
        r"offer you the (?:position|role|job)\b",
        *_each("written|formal|official|verbal", r" offer\b(?! of (?:a|our) (?:course|discount))"),
    ),
    _rule(
        "offer",
        "employment contract to sign",
        0.6,
        0.9,
        r"employment (?:contract|agreement)\b",
        *_each("sign|signing", r" (?:your|the) (?:employment |contractor )?(?:contract)\b"),
        r"contract (?:is )?ready (?:for you )?to (?:sign|review)",
    ),
    _rule(
        "offer",
        "'job offer'",
        0.5,
        0.9,
        r"job offer\b(?!s)",
        r"offer (?:for|of) the (?:\S+ ){0,5}(?:position|role)\b",
    ),
    # Assessments
    _rule(
        "assessment",
        "coding challenge / test",
        0.7,
        0.9,
        *_each(
            "coding|technical|programming|online|skills|skill|take-home|take home|cognitive"
            "|aptitude|personality|psychometric|logic",
            _TEST_NOUN,
        ),
    ),
    _rule(
        "assessment",
        "take-home",
        0.6,
        0.8,
        r"take-home\b",
        r"take home\b",
        r"home assignment\b",
        r"case study\b",
    ),
    _rule(
        "assessment",
        "complete the assessment",
        0.6,
        0.8,
        *_each(
            "complete|take|start|finish|submit",
            r"\s+(?:the|this|our|an|a|your)\s+(?:\S+\s+){0,2}?(?:assessment|test|challenge"
            r"|exercise|questionnaire|assignment|evaluation)\b",
        ),
        r"invit(?:ed|e you|ing you|ation) to (?:take|complete) (?:a|an|the|our)\b",
    ),
    _rule(
        "assessment",
        "one-way video interview",
        0.7,
        0.9,
        *_each("one-way|on-demand|on demand|recorded|asynchronous|async", r" (?:video )?interview"),
        r"record (?:your )?(?:answers|responses)\b",
    ),
    _rule("assessment", "'assessment'", 0.3, 0.5, r"assessments?\b"),
    _rule(
        "assessment",
        "names an assessment platform",
        0.2,
        0.3,
        *_each("hackerrank|codility|codesignal|hirevue|testgorilla|coderbyte|codingame", r"\b"),
    ),
    # Interviews
    _rule(
        "interview",
        "invitation to interview",
        0.8,
        1.0,
        r"invit(?:e|ed|ing|ation)\b[^.]{0,40}\b(?:interview|phone screen|onsite|on-site"
        r"|conversation with|call with|chat with)",
        r"interview invit(?:e|ation)",
    ),
    _rule(
        "interview",
        "schedule an interview",
        0.7,
        0.9,
        *_each(
            "schedule|scheduled|scheduling|set up|book|booked|arrange|arranged|organise|organize"
            "|organised|organized|confirm|confirmed|reschedule|rescheduled",
            _INTERVIEW_NOUN,
        ),
    ),
    _rule(
        "interview",
        "interview round",
        0.5,
        0.8,
        *_each(
            "phone|video|technical|onsite|on-site|virtual|final|first|second|third|next|panel"
            "|hiring manager|behavioral|behavioural|system design|culture|team",
            r"[- ](?:round )?(?:interviews?|screen(?:ing)?|round)\b",
        ),
        r"interview loop\b",
    ),
    _rule(
        "interview",
        "interview scheduled/confirmed",
        0.7,
        0.9,
        r"interview (?:confirmed|confirmation|scheduled|request|details|availability|invite"
        r"|reminder|rescheduled|with)\b",
    ),
    _rule(
        "interview",
        "move to the next step",
        0.6,
        0.8,
        *_each(
            "move|moving|advance|advancing|progress|progressing|invite you",
            r" (?:you )?(?:forward )?(?:to|into) the (?:next|following) (?:step|stage|round|phase)",
        ),
        *_each("like to|love to", r" (?:move|proceed) forward with (?:you|your)\b"),
    ),
    _rule(
        "interview",
        "asks for availability",
        0.3,
        0.4,
        r"your availability",
        r"share (?:your|some) availability",
        *_each("pick|select|choose|book", r" (?:a|your|one of the) (?:time|slot)"),
        r"times? that works? (?:best )?for you",
        r"available (?:for|to) (?:a|an) (?:call|chat|interview|conversation)",
    ),
    _rule(
        "interview",
        "next step is a call",
        0.6,
        0.8,
        r"next step (?:is|will be) (?:a|an|to) [^.]{0,40}\b(?:call|interview|chat|conversation"
        r"|screen|meeting)",
    ),
    _rule(
        "interview",
        "scheduling link",
        0.3,
        0.3,
        r"calendly.com/",
        r"goodtime.io/",
        r"modernloop.io/",
        r"scheduling link",
    ),
    _rule("interview", "'interview'", 0.2, 0.4, r"interviews?\b(?! prep)"),
    _rule(
        "interview",
        "calendar event",
        0.2,
        0.3,
        r"new event\b",
        r"event scheduled",
        r"invitation:",
        r"meeting (?:confirmed|scheduled)",
    ),
    # Confirmations
    _rule(
        "confirmation",
        "thank you for applying",
        0.7,
        0.9,
        *_each(
            "thank you|thanks",
            r"(?: so much)? for (?:applying|your (?:recent |online )?application|submitting your"
            r" application|your submission|your (?:recent )?job application)",
        ),
    ),
    _rule(
        "confirmation",
        "application received",
        0.7,
        0.9,
        r"we(?:'ve| have)? (?:successfully )?received\b[^.]{0,40}\bapplication",
        r"we got your application",
        *_each("has been|was|have been", r" received\b[^.]{0,40}\bapplication"),
        r"application (?:has been |was |is )?(?:received|submitted|sent|complete|confirmed"
        r"|confirmation|successfully submitted)",
        r"successfully (?:applied|submitted|received)",
        r"applied (?:to|for)\b",
        r"submitted (?:to|for)\b",
        r"your application (?:to|for|at|with)\b[^.]{0,60}\b(?:has been|was)"
        r" (?:received|submitted|sent)",
    ),
    _rule(
        "confirmation",
        "will review your application",
        0.3,
        0.4,
        *_each(
            "review|reviewing|consider|considering|look at|looking at|look over|looking over",
            r" your (?:application|resume|cv|profile|submission|candidacy)",
        ),
    ),
    _rule(
        "confirmation",
        "thank you for your interest",
        0.3,
        0.4,
        *_each("thank you|thanks", r" for (?:your interest|considering)\b"),
    ),
    # Recruiter outreach
    _rule(
        "recruiter",
        "came across your profile",
        0.6,
        0.8,
        *_each(
            "came across|found|saw|noticed|read|reviewed|impressed by|viewed",
            r" your (?:profile|background|resume|cv|linkedin|github|work|experience|portfolio)",
        ),
    ),
    _rule(
        "recruiter",
        "open to a chat",
        0.6,
        0.8,
        *_each("would you|are you|were you|might you", _CHAT),
        r"open to (?:connecting|a (?:quick |brief |short )?(?:chat|call|conversation))",
        *_each("love to|happy to", r" (?:tell you|share) more\b"),
        *_each("love to|like to", r" (?:chat|talk|speak) (?:with you )?(?:about|regarding)\b"),
        r"any interest in (?:a |an )?(?:quick |brief |short )?(?:chat|call|conversation"
        r"|exploring|learning|hearing)",
    ),
    _rule(
        "recruiter",
        "recruiter introduces a role",
        0.4,
        0.6,
        *_each(
            "i'm|i am",
            r" (?:a |the |an )?(?:\S+ ){0,2}?(?:recruit|sourcer|talent partner|talent acquisition"
            r"|headhunter|hiring manager)",
        ),
        r"reach(?:ing)? out (?:to you )?(?:about|regarding|because|with|on behalf)",
        r"i lead (?:\S+ ){0,2}?(?:hiring|recruiting|recruitment|talent)\b",
        # Agencies describe the client without naming it.
        *_each(
            "i'm|i am|we're|we are",
            r" (?:currently )?(?:working|partnering) with (?:a|an|one of)\b",
        ),
        r"recruiting for (?:a|an)\b",
        r"exciting (?:opportunit|role|position)",
        *_each("opportunity|role|position|opening", r" (?:at|with)\b"),
        r"hiring (?:a|an|for)\b",
    ),
    _rule(
        "recruiter",
        "contract or permanent role",
        0.4,
        0.6,
        *_each(
            "contract|freelance|interim|permanent",
            r" (?:role|opportunity|position|assignment|vacancy)\b",
        ),
        *_each("outside|inside", r" ir35\b"),
        r"day rate\b",
    ),
    # Not job mail: alerts, newsletters, marketing.
    _rule(
        "marketing",
        "job alert",
        0.6,
        0.9,
        r"job alert(?<!manage your job alert)(?<!manage job alert)s?\b",
        r"new jobs\b",
        r"jobs (?:you may|you might|we think you(?:'d| would)) (?:be interested|like)",
        r"jobs? you may be interested",
        r"recommended (?:jobs|for you)\b",
        r"job recommendations",
        r"jobs? digest",
        r"similar jobs\b",
        r"top job picks\b",
        # A board recommending a listing is not an offer letter ("we recommend this job offer").
        r"recommend (?:this|these|a|some) (?:job|role|position|opening)s?\b",
        r"job offers? (?:you (?:may|might) (?:like|be interested)|for you|matching|that match)",
        r"early applicant\b",
        r"jobs match your",
        r"companies are (?:actively )?hiring",
        r"actively (?:hiring|recruiting)\b",
        r"was this email helpful",
    ),
    _rule(
        "marketing",
        "promotion",
        0.6,
        0.9,
        r"% off\b",
        r"special offer",
        r"limited time",
        r"limited-time",
        r"discount",
        r"promo code",
        r"coupon",
        r"free trial",
        r"upgrade to premium",
        r"try premium",
        r"premium for free",
        r"sale ends",
        r"black friday",
        r"cyber monday",
        r"enroll now",
        r"sign up now",
        r"register now",
        r"early bird",
        r"early-bird",
    ),
    _rule(
        "marketing",
        "interview preparation product",
        0.4,
        0.8,
        r"ace (?:your|the) (?:next |upcoming )?(?:\S+ )?interview",
        *_each("mock", r" (?:interviews?|assessments?)\b"),
        r"interview (?:simulator|practice|prep course|preparation course)\b",
        *_each(
            "practice|prepare|preparing|prep",
            r" for (?:a|an|your next|the next) (?:coding |technical |tech |job )?interview",
        ),
    ),
    _rule(
        "marketing",
        "course, webinar or newsletter",
        0.3,
        0.5,
        *_each(
            "course|courses|bootcamp|webinar|masterclass|newsletter|ebook|e-book|workshop"
            "|certificate|weekly digest|this week in",
            r"\b",
        ),
    ),
    _rule(
        "marketing",
        "unsubscribe footer",
        0.2,
        0.2,
        r"unsubscribe",
        r"email preferences",
        *_each("manage your|manage", r" (?:job )?(?:alerts|notifications)"),
    ),
)
RULES: tuple[Rule, ...] = (*ENGLISH, *GERMAN, *FRENCH, *SPANISH)


def _build_index() -> tuple[
    dict[bytes, list[tuple[int, re.Pattern[str]]]], list[tuple[int, str, re.Pattern[str]]]
]:
    by_word: dict[bytes, list[tuple[int, re.Pattern[str]]]] = {}
    by_substring: list[tuple[int, str, re.Pattern[str]]] = []
    for index, rule in enumerate(RULES):
        for pattern, (gate_words, prefix) in zip(rule.patterns, rule.gates, strict=True):
            for word in gate_words:
                by_word.setdefault(word, []).append((index, pattern))
            if not gate_words:
                by_substring.append((index, prefix, pattern))
    return by_word, by_substring


# Patterns filed under the longest word their literal start needs, so a message only runs the
# patterns whose word it contains; the few without a whole word ("n't", "% ") use a substring
# test.
_BY_WORD, _BY_SUBSTRING = _build_index()
_INDEXED_WORDS = frozenset(_BY_WORD)


def matching_rules(text: str, words: set[bytes]) -> set[int]:
    """Indexes into RULES of the rules with a pattern found in text (words: `words_of(text)`)."""
    hits: set[int] = set()
    tried: set[re.Pattern[str]] = set()
    for word in words & _INDEXED_WORDS:
        for index, pattern in _BY_WORD[word]:
            if index in hits or pattern in tried:
                continue
            tried.add(pattern)
            if pattern.search(text):
                hits.add(index)
    for index, prefix, pattern in _BY_SUBSTRING:
        if index not in hits and prefix in text and pattern.search(text):
            hits.add(index)
    return hits
