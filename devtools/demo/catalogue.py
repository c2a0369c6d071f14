"""What a job search is made of: companies, roles, places, tags, notes and outcome paths.

Invented, but the kind of search a mid-level engineer runs; shared by the demo account, the
benchmark data and the demo mailbox (devtools.demo.plan draws from it).
"""

from __future__ import annotations

import random

from applications.models import InterviewKind, Source, WorkMode
from applications.status import Status

DEMO_APPLICATIONS = 150
DEMO_DAYS = 150  # about five months of searching

# (name, sector) — invented, but the kind of companies a mid-level engineer applies to.
COMPANIES: list[tuple[str, str]] = [
    ("Northwind Payments", "fintech"),
    ("Ledgerly", "fintech"),
    ("Brightvault Bank", "fintech"),
    ("Coinpath", "fintech"),
    ("Tallyhoe Accounting", "fintech"),
    ("Finch Lending", "fintech"),
    ("Paystream", "fintech"),
    ("Harbor Insurance Tech", "fintech"),
    ("Quillmark", "saas"),
    ("Trellis Data", "saas"),
    ("Loomworks", "saas"),
    ("Fieldnote", "saas"),
    ("Cobalt CRM", "saas"),
    ("Signalbox", "saas"),
    ("Waypoint Logistics", "logistics"),
    ("Cargoline", "logistics"),
    ("Railyard Freight", "logistics"),
    ("Helio Health", "health"),
    ("Carebridge", "health"),
    ("Medlane Diagnostics", "health"),
    ("Pulsewise", "health"),
    ("Greenlight Energy", "climate"),
    ("Solaria Grid", "climate"),
    ("Tidewater Carbon", "climate"),
    ("Openfield Robotics", "hardware"),
    ("Kestrel Drones", "hardware"),
    ("Arcadia Games", "games"),
    ("Pixel Harbor", "games"),
    ("Atlas Cloud", "big tech"),
    ("Meridian Systems", "big tech"),
    ("Summit Search", "big tech"),
    ("Orchard Devices", "big tech"),
    ("Nimbus Storage", "infra"),
    ("Graphite Databases", "infra"),
    ("Relay Networks", "infra"),
    ("Stackhouse", "infra"),
    ("Beacon Security", "security"),
    ("Lockstep Identity", "security"),
    ("Sentinel Labs", "security"),
    ("Wordsmith Learning", "edtech"),
    ("Chalkline", "edtech"),
    ("Mosaic Media", "media"),
    ("Riverbend News", "media"),
    ("Foodloop", "marketplace"),
    ("Hearth Homes", "marketplace"),
    ("Wanderly Travel", "marketplace"),
    ("Threadbare Fashion", "marketplace"),
    ("Copperleaf Analytics", "data"),
    ("Prism Insights", "data"),
    ("Lighthouse AI", "ai"),
    ("Cortex Labs", "ai"),
    ("Parallel Minds", "ai"),
    ("Civic Tech Collective", "public"),
    ("Open Transit Lab", "public"),
]

ROLES: list[tuple[str, int, int]] = [
    ("Backend Engineer", 110_000, 150_000),
    ("Senior Backend Engineer", 140_000, 185_000),
    ("Software Engineer", 100_000, 140_000),
    ("Senior Software Engineer", 145_000, 190_000),
    ("Staff Engineer", 180_000, 240_000),
    ("Full-Stack Developer", 100_000, 140_000),
    ("Python Developer", 95_000, 135_000),
    ("Django Developer", 90_000, 130_000),
    ("Platform Engineer", 130_000, 175_000),
    ("Site Reliability Engineer", 130_000, 180_000),
    ("Data Engineer", 115_000, 160_000),
    ("Machine Learning Engineer", 140_000, 200_000),
    ("Engineering Manager", 170_000, 220_000),
    ("Developer Advocate", 110_000, 150_000),
    ("API Engineer", 115_000, 155_000),
]

LOCATIONS: list[tuple[str, str]] = [
    ("New York, NY", "USD"),
    ("San Francisco, CA", "USD"),
    ("Austin, TX", "USD"),
    ("Seattle, WA", "USD"),
    ("Chicago, IL", "USD"),
    ("Boston, MA", "USD"),
    ("Denver, CO", "USD"),
    ("Toronto, Canada", "CAD"),
    ("London, UK", "GBP"),
    ("Berlin, Germany", "EUR"),
    ("Amsterdam, Netherlands", "EUR"),
    ("Lisbon, Portugal", "EUR"),
]
# Rough conversion so salaries look right in their own currency.
CURRENCY_FACTOR = {"USD": 1.0, "CAD": 1.05, "GBP": 0.62, "EUR": 0.7}

SOURCES: list[tuple[str, int]] = [
    (Source.LINKEDIN, 40),
    (Source.COMPANY_SITE, 22),
    (Source.REFERRAL, 12),
    (Source.RECRUITER, 12),
    (Source.JOB_BOARD, 12),
    (Source.OTHER, 2),
]
WORK_MODES: list[tuple[str, int]] = [
    (WorkMode.REMOTE, 45),
    (WorkMode.HYBRID, 35),
    (WorkMode.ONSITE, 20),
]

TAGS: list[tuple[str, str]] = [
    ("dream job", "pink"),
    ("remote", "teal"),
    ("referral", "green"),
    ("fintech", "indigo"),
    ("startup", "amber"),
    ("big tech", "blue"),
    ("follow up", "orange"),
    ("relocation", "purple"),
]

INTERVIEW_ROUNDS: list[tuple[str, str]] = [
    ("Recruiter call", InterviewKind.PHONE),
    ("Hiring manager interview", InterviewKind.VIDEO),
    ("Technical interview", InterviewKind.TECHNICAL),
    ("System design", InterviewKind.TECHNICAL),
    ("Take-home review", InterviewKind.VIDEO),
    ("Onsite loop", InterviewKind.ONSITE),
    ("Culture and values", InterviewKind.VIDEO),
]

NOTES: list[str] = [
    "Recruiter reached out first; team is growing after a Series B.",
    "Job post mentions Django and PostgreSQL, good fit.",
    "Asked a friend on the team about the on-call load: one week in six.",
    "Sent a thank-you email to the interviewers.",
    "Salary band shared on the first call, in line with expectations.",
    "Glassdoor reviews mention long hours; ask about it.",
    "Applied through the careers page, no cover letter needed.",
    "Followed up with the recruiter after a week of silence.",
    "Take-home: build a small API with pagination and tests.",
    "Interviewer was great; the product is genuinely interesting.",
]

REJECTION_NOTES = [
    "Generic rejection email.",
    "They went with a candidate with more domain experience.",
    "Position filled internally.",
    "Role put on hold after a reorganisation.",
    "",
]
WITHDRAW_NOTES = [
    "Withdrew: the role turned out to be mostly front-end.",
    "Withdrew: salary band well below expectations.",
    "Withdrew after accepting another offer.",
]

# Outcome paths for the demo, with weights; each step follows the state machine.
DEMO_PATHS: list[tuple[tuple[str, ...], int]] = [
    ((Status.REJECTED,), 30),
    ((Status.GHOSTED,), 18),
    ((), 16),  # still waiting to hear back
    ((Status.SCREENING, Status.REJECTED), 10),
    ((Status.SCREENING,), 5),
    ((Status.SCREENING, Status.INTERVIEWING, Status.REJECTED), 9),
    ((Status.SCREENING, Status.INTERVIEWING), 5),
    ((Status.INTERVIEWING, Status.REJECTED), 3),
    ((Status.WITHDRAWN,), 2),
    ((Status.SCREENING, Status.WITHDRAWN), 3),
    ((Status.SCREENING, Status.GHOSTED), 3),
]
OFFER_PATH = (Status.SCREENING, Status.INTERVIEWING, Status.OFFER)
ACCEPTED_PATH = (Status.SCREENING, Status.INTERVIEWING, Status.OFFER, Status.ACCEPTED)
OFFER_DECLINED_PATH = (Status.SCREENING, Status.INTERVIEWING, Status.OFFER, Status.WITHDRAWN)

# Bulk benchmark data: more applications still waiting, fewer stories that reach an offer.
BENCH_PATHS: list[tuple[tuple[str, ...], int]] = [
    ((), 25),
    ((Status.REJECTED,), 30),
    ((Status.GHOSTED,), 12),
    ((Status.SCREENING,), 8),
    ((Status.SCREENING, Status.REJECTED), 8),
    ((Status.SCREENING, Status.INTERVIEWING), 7),
    ((Status.SCREENING, Status.INTERVIEWING, Status.REJECTED), 6),
    ((Status.SCREENING, Status.INTERVIEWING, Status.OFFER), 2),
    ((Status.SCREENING, Status.INTERVIEWING, Status.OFFER, Status.ACCEPTED), 1),
    ((Status.WITHDRAWN,), 2),
]

# Company names for benchmarks that need thousands of distinct employers.
_SYLLABLES = "al bri co da en fi gra hel io ka lu mi no or pax qui ra sol ta ul ver wex yo zen"
_SUFFIXES = ["", " Labs", " Systems", " Health", " AI", " Robotics", " Analytics", " Cloud"]

# First names of recruiters and interviewers in the mail.
PEOPLE = ["Priya", "Marcus", "Elena", "Tom", "Aisha", "Jonas", "Mei", "Carlos", "Sofia", "Liam"]


def generated_companies(count: int, seed: int | str = 11) -> list[tuple[str, str]]:
    """`count` distinct invented companies, each with its sector."""
    rng = random.Random(seed)
    syllables = _SYLLABLES.split()
    sectors = sorted({sector for _, sector in COMPANIES})
    companies: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(companies) < count:
        name = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()
        name += rng.choice(_SUFFIXES)
        if name not in seen:
            seen.add(name)
            companies.append((name, rng.choice(sectors)))
    return companies
