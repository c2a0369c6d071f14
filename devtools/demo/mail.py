"""The mail of a planned job search as RFC 822 messages, and the fake Gmail mailbox serving it.

Each message is drawn from its own `random.Random(seed, key)`, and its Gmail id and thread id
are derived from its key, so the same search gives the same mailbox, byte for byte and id for
id, however often the fake restarts.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import random
import re
import zlib
from dataclasses import dataclass
from email.utils import format_datetime

from devtools.demo.catalogue import PEOPLE
from devtools.demo.plan import JobSearch, Mail
from devtools.fake_gmail.mailbox import Mailbox


@dataclass(frozen=True)
class RenderedMail:
    message: bytes  # RFC 822
    gmail_id: str
    thread_id: str
    internal_date: dt.datetime
    labels: tuple[str, ...]
    kind: str  # what a careful human would file it as (used by tests and the benchmark)


def gmail_id(seed: int | str, key: str) -> str:
    """16 hex digits, like Gmail's, fixed by the search's seed and the message's key."""
    return "18" + hashlib.sha256(f"{seed}/{key}".encode()).hexdigest()[:14]


def rendered_mail(search: JobSearch, *, to: str) -> list[RenderedMail]:
    """Every message of the search, oldest first."""
    first_name = to.split("@")[0].split(".")[0].capitalize() or "there"
    rendered = []
    for mail in search.mail:
        writer = _Writer(random.Random(f"{search.seed}/{mail.key}"), to, first_name)
        message_id = f"<{mail.key}.{search.seed}@demo.mail.example.net>"
        reply_to = f"<{mail.thread}.{search.seed}@demo.mail.example.net>" if mail.thread else None
        rendered.append(
            RenderedMail(
                message=writer.write(mail, message_id=message_id, reply_to=reply_to),
                gmail_id=gmail_id(search.seed, mail.key),
                thread_id=gmail_id(search.seed, mail.thread or mail.key),
                internal_date=mail.at,
                labels=("INBOX", "UNREAD"),
                kind=mail.kind,
            )
        )
    return rendered


def mailbox_for(search: JobSearch, *, address: str, count: int | None = None) -> Mailbox:
    """A fake Gmail mailbox holding the search's mail (the newest `count` messages if given)."""
    mailbox = Mailbox(address)
    rendered = rendered_mail(search, to=address)
    for mail in rendered[-count:] if count else rendered:
        mailbox.add(
            mail.message,
            labels=mail.labels,
            internal_date=mail.internal_date,
            gmail_id=mail.gmail_id,
            thread_id=mail.thread_id,
        )
    return mailbox


def slug(company: str) -> str:
    return re.sub(r"[^a-z0-9]", "", company.lower()) or "company"


def _message(
    *,
    sender: str,
    to: str,
    subject: str,
    text: str,
    when: dt.datetime,
    html: bool,
    charset: str = "utf-8",
    in_reply_to: str | None = None,
    message_id: str,
) -> bytes:
    """RFC 822 bytes written directly: the stdlib's EmailMessage header machinery costs ~30 ms
    a message, too slow for a 5,000-message benchmark mailbox (tests use EmailMessage)."""
    headers = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Date: {format_datetime(when)}",
        f"Message-ID: {message_id}",
        "MIME-Version: 1.0",
    ]
    if in_reply_to:
        headers += [f"In-Reply-To: {in_reply_to}", f"References: {in_reply_to}"]
    encoded = base64.encodebytes(text.encode(charset)).decode("ascii")
    plain = (
        f'Content-Type: text/plain; charset="{charset}"\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{encoded}"
    )
    if not html:
        return (
            ("\r\n".join(headers) + "\r\n" + plain)
            .replace("\n", "\r\n")
            .replace("\r\r\n", "\r\n")
            .encode("ascii")
        )
    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n\n"))
    markup = base64.encodebytes(f"<html><body>{paragraphs}</body></html>".encode()).decode("ascii")
    boundary = f"alt-{zlib.crc32(message_id.encode()):010d}"
    body = (
        f'Content-Type: multipart/alternative; boundary="{boundary}"\r\n\r\n'
        f"--{boundary}\r\n{plain}\r\n--{boundary}\r\n"
        'Content-Type: text/html; charset="utf-8"\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{markup}\r\n--{boundary}--\r\n"
    )
    raw = "\r\n".join(headers) + "\r\n" + body
    return raw.replace("\r\n", "\n").replace("\n", "\r\n").encode("ascii")


AGENCIES = ["Northstar Talent", "Bluebridge Recruiting", "Hireloop Partners"]
AGENCY_ROLES = ["Senior Backend Engineer", "Platform Engineer", "Staff Engineer"]


class _Writer:
    """Writes one message; every choice comes from the message's own random stream."""

    def __init__(self, rng: random.Random, to: str, name: str) -> None:
        self.rng = rng
        self.to = to
        self.name = name

    def write(self, mail: Mail, *, message_id: str, reply_to: str | None) -> bytes:
        if mail.kind == "other":
            sender, subject, text = self.noise()
        else:
            compose = getattr(self, mail.kind)
            sender, subject, text = compose(mail.company, mail.role)
        return _message(
            sender=sender,
            to=self.to,
            subject=subject,
            text=text,
            when=mail.at,
            html=self.rng.random() < 0.6,
            charset="iso-8859-1" if self.rng.random() < 0.05 and text.isascii() else "utf-8",
            in_reply_to=reply_to if mail.kind in {"rejection", "interview"} else None,
            message_id=message_id,
        )

    def ats(self, company: str) -> tuple[str, str]:
        """(sender header, platform) for the company's applicant tracking system."""
        s = slug(company)
        platform = ["greenhouse", "lever", "workday", "ashby", "smartrecruiters", "workable"][
            sum(map(ord, s)) % 6
        ]
        senders = {
            "greenhouse": f"{company} Recruiting <no-reply@us.greenhouse-mail.io>",
            "lever": f"{company} <no-reply@hire.lever.co>",
            "workday": f"{company} Careers <{s}@myworkday.com>",
            "ashby": f"{company} Hiring Team <no-reply@ashbyhq.com>",
            "smartrecruiters": f"{company} <noreply@smartrecruiters.com>",
            "workable": f"{company} <noreply@candidates.workablemail.com>",
        }
        return senders[platform], platform

    def confirmation(self, company: str, role: str) -> tuple[str, str, str]:
        sender, platform = self.ats(company)
        subject = self.rng.choice(
            [
                f"Thank you for applying to {company}",
                f"Your application to {company} for {role}",
                f"Application received: {role}",
            ]
        )
        tenant = (
            f"\n\nTrack your application: https://{slug(company)}.wd5.myworkdayjobs.com/en-US/careers"
            if platform == "workday"
            else ""
        )
        text = (
            f"Hi {self.name},\n\nThank you for applying for the {role} position at {company}. "
            "We have received your application and our team will review it shortly. "
            "If your experience matches what we are looking for, we will reach out to "
            "schedule an interview.\n\nUnfortunately, due to the volume of applications we "
            f"cannot respond to every applicant individually.{tenant}\n\n"
            f"Best,\n{company} Talent Team"
        )
        return sender, subject, text

    def rejection(self, company: str, role: str) -> tuple[str, str, str]:
        sender, _ = self.ats(company)
        text = (
            f"Dear {self.name},\n\nThank you for your interest in the {role} role at {company} "
            "and for the time you invested in the process. After careful consideration, we have "
            "decided to move forward with other candidates whose experience more closely "
            "matches our needs.\n\nWe wish you the best in your search.\n\n"
            f"{company} Recruiting"
        )
        return sender, f"Your application to {company}", text

    def interview(self, company: str, role: str) -> tuple[str, str, str]:
        recruiter = self.rng.choice(PEOPLE)
        sender = self.rng.choice(
            [
                f"{recruiter} at {company} <{recruiter.lower()}@{slug(company)}.com>",
                f"{company} via GoodTime <scheduling@goodtime.io>",
                f"{recruiter} (via Calendly) <notifications@calendly.com>",
            ]
        )
        text = (
            f"Hi {self.name},\n\nThanks again for applying to {company}. We'd like to invite you "
            f"to a 45-minute video interview for the {role} position with our engineering team. "
            f"Please pick a time that works for you: https://calendly.com/{slug(company)}-"
            f"recruiting/interview\n\nLooking forward to speaking with you,\n{recruiter}"
        )
        return sender, f"Interview invitation: {role} at {company}", text

    def assessment(self, company: str, role: str) -> tuple[str, str, str]:
        sender = self.rng.choice(
            [
                f"{company} via HackerRank <support@hackerrank.com>",
                "CodeSignal <noreply@codesignal.com>",
            ]
        )
        text = (
            f"Hello {self.name},\n\nAs the next step for the {role} position at {company}, you "
            "have been invited to complete an online coding assessment. The assessment takes "
            "about 90 minutes and must be completed within 7 days.\n\nStart the assessment: "
            f"https://www.hackerrank.com/tests/{slug(company)}\n\nGood luck!"
        )
        return sender, f"{company} coding assessment for {role}", text

    def offer(self, company: str, role: str) -> tuple[str, str, str]:
        recruiter = self.rng.choice(PEOPLE)
        sender = f"{recruiter} <{recruiter.lower()}@{slug(company)}.com>"
        text = (
            f"Hi {self.name},\n\nOn behalf of everyone at {company}, I am delighted to offer you "
            f"the position of {role}. Your offer letter with the compensation details is "
            "attached; please review it and let us know your decision within a week.\n\n"
            f"Congratulations!\n{recruiter}"
        )
        return sender, f"Offer letter: {role} at {company}", text

    def recruiter(self, company: str, role: str) -> tuple[str, str, str]:
        company = company or self.rng.choice(AGENCIES)
        role = role or self.rng.choice(AGENCY_ROLES)
        recruiter = self.rng.choice(PEOPLE)
        sender = f"{recruiter} via LinkedIn <inmail-hit-reply@linkedin.com>"
        text = (
            f"Hi {self.name},\n\nI came across your profile and think you'd be a great fit for a "
            f"{role} opportunity at {company}. Would you be open to a quick chat this week?\n\n"
            f"Best,\n{recruiter}, Talent Partner at {company}"
        )
        return sender, f"{role} opportunity at {company}", text

    def noise(self) -> tuple[str, str, str]:
        return self.rng.choice(
            [
                (
                    "Course Deals <offers@learnfast.example.com>",
                    "Special offer: 60% off the Python Bootcamp",
                    "Our biggest offer of the year! Enrol today and land your dream job.",
                ),
                (
                    "The Weekly Byte <newsletter@weeklybyte.example.com>",
                    "This week in tech: 12 stories",
                    "Read the top stories of the week about databases, AI and remote work.",
                ),
                (
                    "LinkedIn Job Alerts <jobalerts-noreply@linkedin.com>",
                    "30 new jobs for 'software engineer'",
                    "New jobs match your preferences. View all jobs on LinkedIn.",
                ),
                (
                    "Mum <mum@family.example.org>",
                    "Sunday lunch?",
                    "Are you coming on Sunday? Dad is making lasagne.",
                ),
            ]
        )
