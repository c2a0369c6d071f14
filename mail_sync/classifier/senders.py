"""Who sent a message: the platforms we know (ATS, scheduling, assessment, job boards)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import parseaddr

# Platform domains map to the platform's display name (never a company we report).
ATS_DOMAINS: dict[str, str] = {
    "greenhouse.io": "Greenhouse",
    "greenhouse-mail.io": "Greenhouse",
    "lever.co": "Lever",
    "myworkday.com": "Workday",
    "myworkdayjobs.com": "Workday",
    "workday.com": "Workday",
    "ashbyhq.com": "Ashby",
    "ashbyhq-mail.com": "Ashby",
    "smartrecruiters.com": "SmartRecruiters",
    "icims.com": "iCIMS",
    "taleo.net": "Taleo",
    # Oracle Recruiting Cloud; oracle.com itself is Oracle the employer.
    "oraclecloud.com": "Oracle Recruiting Cloud",
    "jobvite.com": "Jobvite",
    "workablemail.com": "Workable",
    "workable.com": "Workable",
    "bamboohr.com": "BambooHR",
    "teamtailor.com": "Teamtailor",
    "teamtailor-mail.com": "Teamtailor",
    "recruitee.com": "Recruitee",
    "jazzhr.com": "JazzHR",
    "applytojob.com": "JazzHR",
    "personio.de": "Personio",
    "personio.com": "Personio",
    "breezy.hr": "Breezy",
    "successfactors.com": "SuccessFactors",
    "successfactors.eu": "SuccessFactors",
    "rippling.com": "Rippling",
    "dover.com": "Dover",
    "gem.com": "Gem",
    "paradox.ai": "Paradox",
    "pinpointhq.com": "Pinpoint",
    "comeet.co": "Comeet",
    # Seen across the corpus's authors: European, Latin American and Asia-Pacific systems.
    "softgarden.io": "softgarden",
    "softgarden.de": "softgarden",
    "join.com": "JOIN",
    "jobaffinity.fr": "Jobaffinity",
    "flatchr.io": "Flatchr",
    "taleez.com": "Taleez",
    "factorialhr.com": "Factorial",
    "talent-soft.com": "Talentsoft",
    "talentsoft.com": "Talentsoft",
    "cegid.com": "Cegid",
    "concludis.de": "concludis",
    "onlyfy.jobs": "onlyfy",
    "dvinci-easy.com": "d.vinci",
    "dvinci.de": "d.vinci",
    "rexx-recruitment.com": "rexx",
    "rexx-systems.com": "rexx",
    "b-ite.com": "BITE",
    "umantis.com": "Umantis",
    "hr4you.de": "HR4YOU",
    "zohorecruit.com": "Zoho Recruit",
    "freshteam.com": "Freshteam",
    "darwinbox.in": "Darwinbox",
    "darwinbox.com": "Darwinbox",
    "pageuppeople.com": "PageUp",
    "paylocity.com": "Paylocity",
    "adp.com": "ADP",
    "ultipro.com": "UKG",
    "ukg.com": "UKG",
    "hiringroom.com": "HiringRoom",
    "buk.cl": "Buk",
    "governmentjobs.com": "NEOGOV",
    "neogov.com": "NEOGOV",
    "beetween.com": "Beetween",
    "softy.pro": "Softy",
    "jobvite-mail.com": "Jobvite",
    "eploy.net": "Eploy",
    "oleeo.com": "Oleeo",
    "tribepad.com": "Tribepad",
    "jobtrain.co.uk": "Jobtrain",
    "trac.jobs": "Trac",
    "deel.com": "Deel",
}
SCHEDULING_DOMAINS: dict[str, str] = {
    "calendly.com": "Calendly",
    "goodtime.io": "GoodTime",
    "modernloop.io": "ModernLoop",
    "prelude.co": "Prelude",
    "cronofy.com": "Cronofy",
    "yourstack.com": "Calendly",
    # Karat runs live technical interviews on the employer's behalf.
    "karat.com": "Karat",
    "karat.io": "Karat",
}
ASSESSMENT_DOMAINS: dict[str, str] = {
    "hackerrank.com": "HackerRank",
    "hackerrankforwork.com": "HackerRank",
    "codility.com": "Codility",
    "codesignal.com": "CodeSignal",
    "hirevue.com": "HireVue",
    "testgorilla.com": "TestGorilla",
    "coderbyte.com": "Coderbyte",
    "codingame.com": "CodinGame",
    "qualified.io": "Qualified",
    "devskiller.com": "DevSkiller",
    "criteriacorp.com": "Criteria",
    "shl.com": "SHL",
    "pymetrics.com": "pymetrics",
    "pymetrics.ai": "pymetrics",
    "sparkhire.com": "Spark Hire",
    "vervoe.com": "Vervoe",
    "harver.com": "Harver",
    "coderpad.io": "CoderPad",
    "aon.com": "Aon",
    "cut-e.com": "cut-e",
    "assessfirst.com": "AssessFirst",
}
BOARD_DOMAINS: dict[str, str] = {
    "linkedin.com": "LinkedIn",
    "indeed.com": "Indeed",
    "indeedemail.com": "Indeed",
    "glassdoor.com": "Glassdoor",
    "ziprecruiter.com": "ZipRecruiter",
    "monster.com": "Monster",
    "wellfound.com": "Wellfound",
    "angel.co": "AngelList",
    "dice.com": "Dice",
    "otta.com": "Otta",
    "welcometothejungle.com": "Welcome to the Jungle",
    "hired.com": "Hired",
    "stepstone.de": "StepStone",
    "xing.com": "XING",
    "builtin.com": "Built In",
    "simplyhired.com": "SimplyHired",
    "careerbuilder.com": "CareerBuilder",
    "infojobs.net": "InfoJobs",
    "jobteaser.com": "JobTeaser",
    "apec.fr": "Apec",
    "computrabajo.com": "Computrabajo",
    "hellowork.com": "HelloWork",
    "occ.com.mx": "OCC Mundial",
    "naukri.com": "Naukri",
    "seek.com.au": "SEEK",
    "seek.co.nz": "SEEK",
    "jobstreet.com": "JobStreet",
    "karriere.at": "karriere.at",
    "jobs.ch": "jobs.ch",
    "bumeran.com.ar": "Bumeran",
    "bumeran.com": "Bumeran",
    "zonajobs.com.ar": "ZonaJobs",
    "tecnoempleo.com": "Tecnoempleo",
    "multitrabajos.com": "Multitrabajos",
    "trabajando.com": "Trabajando",
    "getonbrd.com": "Get on Board",
    "jobboom.com": "Jobboom",
    "francetravail.fr": "France Travail",
    "pole-emploi.fr": "Pôle emploi",
    "arbeitsagentur.de": "Bundesagentur für Arbeit",
    "interamt.de": "Interamt",
    "reed.co.uk": "Reed",
    "totaljobs.com": "Totaljobs",
    "cv-library.co.uk": "CV-Library",
    "irishjobs.ie": "IrishJobs",
    "letudiant.fr": "L'Etudiant",
    "cadremploi.fr": "Cadremploi",
    "laborum.cl": "Laborum",
    "konzerta.com": "Konzerta",
}
# E-signature services carry offer letters for every employer; the sender is a person.
# Interview-preparation services: their mail sells practice ("your technical interview with a
# FAANG engineer"), never an employer's real interview, however much it says "interview".
PREP_DOMAINS: dict[str, str] = {
    "leetcode.com": "LeetCode",
    "tryexponent.com": "Exponent",
    "pramp.com": "Pramp",
    "interviewkickstart.com": "Interview Kickstart",
    "igotanoffer.com": "IGotAnOffer",
    "algoexpert.io": "AlgoExpert",
    "educative.io": "Educative",
    "interviewcake.com": "Interview Cake",
}
SIGNATURE_DOMAINS: dict[str, str] = {
    "docusign.net": "DocuSign",
    "docusign.com": "DocuSign",
    "hellosign.com": "Dropbox Sign",
    "dropboxsign.com": "Dropbox Sign",
    "echosign.com": "Adobe Acrobat Sign",
    "adobesign.com": "Adobe Acrobat Sign",
    "pandadoc.net": "PandaDoc",
    "pandadoc.com": "PandaDoc",
    "yousign.com": "Yousign",
    "yousign.fr": "Yousign",
}
# Mailbox providers and bulk senders: their domain never names the employer.
NON_COMPANY_DOMAINS: frozenset[str] = frozenset(
    {
        *SIGNATURE_DOMAINS,
        *PREP_DOMAINS,
        "gmail.com",
        "googlemail.com",
        "google.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "fastmail.com",
        "sendgrid.net",
        "mailgun.org",
        "amazonses.com",
        "mailchimp.com",
        "mcsv.net",
        "hubspot.com",
        "hubspotemail.net",
        "mandrillapp.com",
        "sparkpostmail.com",
        "salesforce.com",
        "exacttarget.com",
        "zoom.us",
        "udemy.com",
        "coursera.org",
        "medium.com",
        "substack.com",
        "microsoft.com",
        "hey.com",
        "t-online.de",
        "freenet.de",
        "posteo.de",
        "bluewin.ch",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "laposte.net",
        "yahoo.fr",
        "yahoo.es",
        "hotmail.fr",
        "hotmail.es",
        "outlook.es",
        "outlook.fr",
        "live.fr",
        "telefonica.net",
        "rediffmail.com",
        "bigpond.com",
        "xtra.co.nz",
    }
)
PLATFORM_NAMES: frozenset[str] = frozenset(
    name.casefold()
    for name in (
        *ATS_DOMAINS.values(),
        *SCHEDULING_DOMAINS.values(),
        *ASSESSMENT_DOMAINS.values(),
        *BOARD_DOMAINS.values(),
        *SIGNATURE_DOMAINS.values(),
        *PREP_DOMAINS.values(),
        "Workday Recruiting",
        "Oracle Taleo",
        "Oracle Cloud",
        "Gmail",
        "Zoom",
        "Microsoft Teams",
        "Teams",
        "Google Meet",
        "Udemy",
        "Coursera",
    )
)
GENERIC_NAMES: frozenset[str] = frozenset(
    {
        "team",
        "the team",
        "our team",
        "recruiting",
        "recruiting team",
        "recruitment",
        "recruiter",
        "recruiters",
        "talent",
        "talent team",
        "talent acquisition",
        "hiring",
        "hiring team",
        "hiring manager",
        "careers",
        "career",
        "jobs",
        "job",
        "hr",
        "people",
        "people team",
        "no-reply",
        "noreply",
        "no reply",
        "do not reply",
        "do-not-reply",
        "donotreply",
        "notifications",
        "notification",
        "mailer",
        "support",
        "info",
        "admin",
        "us",
        "we",
        "you",
        "your",
        "our",
        "the",
        "this",
        "that",
        "it",
        "hi",
        "hello",
        "dear",
        "thanks",
        "thank you",
        "interview",
        "application",
        "candidate",
        "candidates",
        "position",
        "role",
        "company",
        "unfortunately",
        "congratulations",
        "next steps",
        "update",
    }
)


def registered_domain(domain: str) -> str:
    """example.co.uk / mail.example.com → example.co.uk / example.com."""
    labels = domain.split(".")
    if len(labels) >= 3 and labels[-2] in {"co", "com", "org", "net", "ac", "gov"}:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def lookup(domain: str, table: dict[str, str]) -> str | None:
    """The platform for a domain or any parent of it (us.greenhouse-mail.io → Greenhouse)."""
    labels = domain.split(".")
    for start in range(len(labels) - 1):
        name = table.get(".".join(labels[start:]))
        if name:
            return name
    return None


@dataclass(frozen=True)
class Sender:
    name: str
    address: str
    local: str
    domain: str
    ats: str | None
    scheduling: str | None
    assessment: str | None
    board: str | None
    prep: str | None = None

    @property
    def platform(self) -> str | None:
        return self.ats or self.scheduling or self.assessment

    @property
    def is_company_domain(self) -> bool:
        return bool(
            self.domain
            and not self.platform
            and not self.board
            and registered_domain(self.domain) not in NON_COMPANY_DOMAINS
        )


ANGLE_ADDRESS = re.compile(r"^\s*(?P<name>.*?)\s*<(?P<address>[^<>]*)>\s*$", re.S)


def parse_sender(raw: str) -> Sender:
    # parseaddr mangles unquoted display names holding "@" ("Acme @ Workday <…>"), so take
    # the common "Name <address>" shape apart directly.
    angle = ANGLE_ADDRESS.match(raw or "")
    if angle:
        name, address = angle.group("name"), angle.group("address")
    else:
        name, address = parseaddr(raw or "")
    address = address.strip().lower()
    if "@" not in address and not name and raw and "<" not in raw and "@" not in raw:
        name = raw.strip()
    local, _, domain = address.rpartition("@")
    domain = domain.strip(".>")
    return Sender(
        name=name.strip().strip("\"'"),
        address=address,
        local=local,
        domain=domain,
        ats=lookup(domain, ATS_DOMAINS),
        scheduling=lookup(domain, SCHEDULING_DOMAINS),
        assessment=lookup(domain, ASSESSMENT_DOMAINS),
        board=lookup(domain, BOARD_DOMAINS),
        prep=lookup(domain, PREP_DOMAINS),
    )
