"""A deterministic, realistic job-search mailbox: ATS mail of every kind plus everyday noise.

Used by `seed_demo_mail`/`run_fake_gmail --mailbox demo` (the demo account's companies) and by
bench/sync.py (thousands of generated companies). Same seed, same mailbox, byte for byte.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
import re
import zlib
from dataclasses import dataclass
from email.utils import format_datetime

from mail_sync.fake_gmail.mailbox import Mailbox

_SYLLABLES = [
    "al",
    "bri",
    "co",
    "da",
    "en",
    "fi",
    "gra",
    "hel",
    "io",
    "ka",
    "lu",
    "mi",
    "no",
    "or",
    "pax",
    "qui",
    "ra",
    "sol",
    "ta",
    "ul",
    "ver",
    "wex",
    "yo",
    "zen",
]
_SUFFIXES = ["", " Labs", " Systems", " Health", " AI", " Robotics", " Analytics", " Cloud"]
_ROLES = [
    "Backend Engineer",
    "Senior Software Engineer",
    "Data Scientist",
    "Product Designer",
    "Platform Engineer",
    "Engineering Manager",
    "Frontend Developer",
    "ML Engineer",
    "Site Reliability Engineer",
    "Product Manager",
]
_NAMES = ["Priya", "Marcus", "Elena", "Tom", "Aisha", "Jonas", "Mei", "Carlos", "Sofia", "Liam"]


@dataclass(frozen=True)
class DemoMail:
    message: bytes  # RFC 822
    message_id: str
    internal_date: dt.datetime
    labels: tuple[str, ...]
    kind: str  # what a careful human would file it as (used by tests and the benchmark)


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


class _Writer:
    def __init__(self, rng: random.Random, to: str) -> None:
        self.rng = rng
        self.to = to
        self.sequence = 0

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

    def confirmation(self, company: str, role: str, when: dt.datetime, name: str) -> DemoMail:
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
            f"Hi {name},\n\nThank you for applying for the {role} position at {company}. "
            "We have received your application and our team will review it shortly. "
            "If your experience matches what we are looking for, we will reach out to "
            "schedule an interview.\n\nUnfortunately, due to the volume of applications we "
            f"cannot respond to every applicant individually.{tenant}\n\n"
            f"Best,\n{company} Talent Team"
        )
        return self._mail(sender, subject, text, when, "confirmation")

    def rejection(
        self, company: str, role: str, when: dt.datetime, name: str, reply_to=None
    ) -> DemoMail:
        sender, _ = self.ats(company)
        text = (
            f"Dear {name},\n\nThank you for your interest in the {role} role at {company} and "
            "for the time you invested in the process. After careful consideration, we have "
            "decided to move forward with other candidates whose experience more closely "
            "matches our needs.\n\nWe wish you the best in your search.\n\n"
            f"{company} Recruiting"
        )
        return self._mail(
            sender, f"Your application to {company}", text, when, "rejection", reply_to
        )

    def interview(
        self, company: str, role: str, when: dt.datetime, name: str, reply_to=None
    ) -> DemoMail:
        recruiter = self.rng.choice(_NAMES)
        sender = self.rng.choice(
            [
                f"{recruiter} at {company} <{recruiter.lower()}@{slug(company)}.com>",
                f"{company} via GoodTime <scheduling@goodtime.io>",
                f"{recruiter} (via Calendly) <notifications@calendly.com>",
            ]
        )
        text = (
            f"Hi {name},\n\nThanks again for applying to {company}. We'd like to invite you to "
            f"a 45-minute video interview for the {role} position with our engineering team. "
            f"Please pick a time that works for you: https://calendly.com/{slug(company)}-"
            f"recruiting/interview\n\nLooking forward to speaking with you,\n{recruiter}"
        )
        subject = f"Interview invitation: {role} at {company}"
        return self._mail(sender, subject, text, when, "interview", reply_to)

    def assessment(self, company: str, role: str, when: dt.datetime, name: str) -> DemoMail:
        sender = self.rng.choice(
            [
                f"{company} via HackerRank <support@hackerrank.com>",
                "CodeSignal <noreply@codesignal.com>",
            ]
        )
        text = (
            f"Hello {name},\n\nAs the next step for the {role} position at {company}, you have "
            "been invited to complete an online coding assessment. The assessment takes about "
            "90 minutes and must be completed within 7 days.\n\nStart the assessment: "
            f"https://www.hackerrank.com/tests/{slug(company)}\n\nGood luck!"
        )
        return self._mail(
            sender, f"{company} coding assessment for {role}", text, when, "assessment"
        )

    def offer(self, company: str, role: str, when: dt.datetime, name: str) -> DemoMail:
        recruiter = self.rng.choice(_NAMES)
        sender = f"{recruiter} <{recruiter.lower()}@{slug(company)}.com>"
        text = (
            f"Hi {name},\n\nOn behalf of everyone at {company}, I am delighted to offer you the "
            f"position of {role}. Your offer letter with the compensation details is attached; "
            "please review it and let us know your decision within a week.\n\n"
            f"Congratulations!\n{recruiter}"
        )
        return self._mail(sender, f"Offer letter: {role} at {company}", text, when, "offer")

    def recruiter(self, company: str, role: str, when: dt.datetime, name: str) -> DemoMail:
        recruiter = self.rng.choice(_NAMES)
        sender = f"{recruiter} via LinkedIn <inmail-hit-reply@linkedin.com>"
        text = (
            f"Hi {name},\n\nI came across your profile and think you'd be a great fit for a "
            f"{role} opportunity at {company}. Would you be open to a quick chat this week?\n\n"
            f"Best,\n{recruiter}, Talent Partner at {company}"
        )
        return self._mail(sender, f"{role} opportunity at {company}", text, when, "recruiter")

    def noise(self, when: dt.datetime) -> DemoMail:
        choice = self.rng.randrange(4)
        if choice == 0:
            return self._mail(
                "Course Deals <offers@learnfast.example.com>",
                "Special offer: 60% off the Python Bootcamp",
                "Our biggest offer of the year! Enrol today and land your dream job.",
                when,
                "other",
            )
        if choice == 1:
            return self._mail(
                "The Weekly Byte <newsletter@weeklybyte.example.com>",
                "This week in tech: 12 stories",
                "Read the top stories of the week about databases, AI and remote work.",
                when,
                "other",
            )
        if choice == 2:
            return self._mail(
                "LinkedIn Job Alerts <jobalerts-noreply@linkedin.com>",
                "30 new jobs for 'software engineer'",
                "New jobs match your preferences. View all jobs on LinkedIn.",
                when,
                "other",
            )
        return self._mail(
            "Mum <mum@family.example.org>",
            "Sunday lunch?",
            "Are you coming on Sunday? Dad is making lasagne.",
            when,
            "other",
        )

    def _mail(self, sender, subject, text, when, kind, reply_to=None) -> DemoMail:
        html = self.rng.random() < 0.6
        charset = "iso-8859-1" if self.rng.random() < 0.05 and text.isascii() else "utf-8"
        self.sequence += 1
        message_id = f"<demo-{self.sequence}-{int(when.timestamp())}@mail.example.net>"
        message = _message(
            sender=sender,
            to=self.to,
            subject=subject,
            text=text,
            when=when,
            html=html,
            charset=charset,
            in_reply_to=reply_to,
            message_id=message_id,
        )
        return DemoMail(
            message=message,
            message_id=message_id,
            internal_date=when,
            labels=("INBOX", "UNREAD"),
            kind=kind,
        )


def generated_companies(count: int, seed: int = 11) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    companies: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(companies) < count:
        name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        name += rng.choice(_SUFFIXES)
        if name in seen:
            continue
        seen.add(name)
        companies.append((name, rng.choice(_ROLES)))
    return companies


def demo_mail(
    *,
    to: str,
    companies: list[tuple[str, str]] | None = None,
    count: int | None = None,
    seed: int = 7,
    now: dt.datetime | None = None,
    window_days: int = 170,
    noise_ratio: float = 0.15,
) -> list[DemoMail]:
    """A job search's worth of mail, oldest first: per application a confirmation, then
    perhaps an assessment, an interview, and a rejection or an offer; plus recruiter
    outreach and noise. `count` caps (and, with generated companies, sets) the total."""
    rng = random.Random(seed)
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    writer = _Writer(rng, to)
    first_name = to.split("@")[0].split(".")[0].capitalize() or "there"
    if companies is None:
        companies = generated_companies(max(1, (count or 300) // 2), seed=seed + 4)
    mails: list[DemoMail] = []
    for company, role in companies:
        start = now - dt.timedelta(days=rng.uniform(5, window_days), minutes=rng.randrange(1440))
        confirmation = writer.confirmation(company, role, start, first_name)
        mails.append(confirmation)
        thread = confirmation.message_id
        when = start
        outcome = rng.random()
        if outcome < 0.15:
            when += dt.timedelta(days=rng.uniform(1, 4), hours=rng.uniform(0, 8))
            mails.append(writer.assessment(company, role, min(when, now), first_name))
        if outcome < 0.45:
            when += dt.timedelta(days=rng.uniform(1, 6))
            mails.append(writer.interview(company, role, min(when, now), first_name, thread))
        if outcome < 0.08:
            when += dt.timedelta(days=rng.uniform(3, 9))
            mails.append(writer.offer(company, role, min(when, now), first_name))
        elif outcome < 0.75:
            when += dt.timedelta(days=rng.uniform(2, 20))
            mails.append(writer.rejection(company, role, min(when, now), first_name, thread))
        if rng.random() < 0.1:
            mails.append(writer.recruiter(company, role, start - dt.timedelta(days=3), first_name))
        if rng.random() < noise_ratio * 2:
            mails.append(writer.noise(start + dt.timedelta(hours=rng.uniform(1, 48))))
        if count is not None and len(mails) >= count:
            break
    mails.sort(key=lambda mail: mail.internal_date)
    return mails[:count] if count is not None else mails


def build_mailbox(
    email_address: str,
    *,
    companies: list[tuple[str, str]] | None = None,
    count: int | None = None,
    seed: int = 7,
    now: dt.datetime | None = None,
) -> Mailbox:
    mailbox = Mailbox(email_address)
    for mail in demo_mail(to=email_address, companies=companies, count=count, seed=seed, now=now):
        mailbox.add(mail.message, labels=mail.labels, internal_date=mail.internal_date)
    return mailbox
