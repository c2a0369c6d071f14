"""The mail classifier's documented behaviour on messages written for each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mail_sync import classifier
from mail_sync.classifier import KINDS, PRECEDENCE, Classification, classify, corpus
from mail_sync.classifier.evidence import MAX_BODY_CHARS, extract_fields, gather
from mail_sync.models import MailKind

EXAMPLES = corpus.read_file(corpus.CORPUS_DIR / "orbit-team.jsonl")


def test_kinds_match_the_model_choices() -> None:
    """KINDS equal the stored MailKind values; precedence ranks every kind but other."""
    assert set(KINDS) == set(MailKind.values)
    assert set(PRECEDENCE) == set(KINDS) - {"other"}


def test_platform_tables_are_public() -> None:
    """The linker reads the platform domain tables from the package."""
    assert classifier.ATS_DOMAINS["greenhouse.io"] == "Greenhouse"
    assert "calendly.com" in classifier.SCHEDULING_DOMAINS
    assert "hackerrank.com" in classifier.ASSESSMENT_DOMAINS
    assert "linkedin.com" in classifier.BOARD_DOMAINS
    assert "gmail.com" in classifier.NON_COMPANY_DOMAINS


def _with(subject: str, body: str, sender: str = "Acme <no-reply@greenhouse.io>") -> Classification:
    return classify(sender=sender, subject=subject, body=body)


@pytest.mark.parametrize(
    "sentence",
    [
        "If you are not selected, we will keep your resume on file.",
        "Should we decide to move forward, we will reach out to schedule an interview.",
        "If your experience matches, a recruiter will contact you.",
        "We will be in touch if your background is a fit for an interview.",
        "In the event that we are unable to move forward, we will let you know.",
        "Unless we find a match, we won't be moving forward with other candidates.",
    ],
)
def test_hypothetical_clauses_do_not_fire(sentence: str) -> None:
    """Conditional clauses in a confirmation change nothing: it stays a confirmation."""
    result = _with("Thank you for applying to Acme", f"We received your application. {sentence}")
    assert result.kind == "confirmation", result.reasons
    assert any("hypothetical" in reason for reason in result.reasons)


def test_benign_condition_keeps_the_invitation() -> None:
    """'let us know if…' does not turn a real invitation into a hypothetical one."""
    result = _with(
        "Next steps",
        "We'd like to invite you to a technical interview if you're still interested. "
        "Please let us know if Tuesday works.",
    )
    assert result.kind == "interview"


def test_precedence_rejection_over_interview() -> None:
    """A rejection that talks about the interviews is a rejection."""
    result = _with(
        "Thank you for interviewing with Acme",
        "Thank you for interviewing with us and for the time you spent on the onsite interview "
        "loop. We will not be moving forward with your application.",
    )
    assert result.kind == "rejection"
    assert result.automatic


def test_unfortunately_alone_is_not_a_rejection() -> None:
    """'unfortunately' is weak: in a confirmation it does not make a rejection."""
    result = _with(
        "Application received",
        "Thank you for applying. Unfortunately we can't reply to everyone personally.",
    )
    assert result.kind == "confirmation"


def test_rejection_regret_in_subject() -> None:
    """Rejection phrases count for more in the subject than in the body, for the rules."""
    sentence = "We will not be moving forward with your application"
    in_subject = gather(sender="", subject=sentence, body="Best, Acme")
    in_body = gather(sender="", subject="Update", body=sentence + ".")
    assert in_subject.scores["rejection"] > in_body.scores["rejection"] > 0
    assert _with(sentence, "Best, Acme").kind == _with("Update", sentence + ".").kind == "rejection"


def test_offer_of_a_course_is_other() -> None:
    """Marketing offers are not job offers."""
    result = classify(
        sender="Prep Academy <news@prepacademy.example>",
        subject="Special offer: 50% off our course",
        body="We'd like to offer you 50% off our interview prep course. Enroll now!",
    )
    assert result.kind == "other"
    assert result.company is None


def test_job_offer_is_offer() -> None:
    """'we'd like to extend an offer' is an offer."""
    result = _with("Great news", "We'd like to extend an offer for the Platform Engineer role.")
    assert result.kind == "offer"
    assert result.role == "Platform Engineer"


def test_unable_to_offer_is_rejection() -> None:
    """A refusal worded with 'offer' is a rejection, not an offer."""
    result = _with("Your application", "Unfortunately we are unable to offer you the position.")
    assert result.kind == "rejection"


def test_assessment_platform_on_behalf_of_company() -> None:
    """A coding test from HackerRank is an assessment for the company that sent it."""
    result = classify(
        sender="HackerRank <support@hackerrankforwork.com>",
        subject="Your invitation to a coding test",
        body="Globex has invited you to take a coding test. Please complete the test in 7 days.",
    )
    assert result.kind == "assessment"
    assert result.company == "Globex"


def test_calendly_scheduling_is_interview() -> None:
    """A Calendly booking for a phone screen is an interview with the employer in the body."""
    result = classify(
        sender="Calendly <notifications@calendly.com>",
        subject="New Event: Jordan Smith - 30 Minute Phone Screen",
        body="A new event has been scheduled.\nEvent Type: Phone Screen with Initech\n",
    )
    assert result.kind == "interview"
    assert result.company == "Initech"


def test_recruiter_on_company_domain() -> None:
    """A cold outreach from jane@stripe.com is recruiter mail for Stripe."""
    result = classify(
        sender="Jane Doe <jane@stripe.com>",
        subject="Hello from Jane",
        body="I came across your profile. Would you be open to a chat about a Staff Engineer "
        "role? Best, Jane",
    )
    assert result.kind == "recruiter"
    assert result.company == "Stripe"
    assert result.role == "Staff Engineer"


@pytest.mark.parametrize(
    ("sender", "expected"),
    [
        ('"Acme Recruiting" <no-reply@greenhouse.io>', "Acme"),
        ("Acme Talent Acquisition <no-reply@lever.co>", "Acme"),
        ("Acme Careers <careers@acme.com>", "Acme"),
        ("Acme Hiring Team <no-reply@ashbyhq.com>", "Acme"),
        ("Acme via Greenhouse <no-reply@greenhouse.io>", "Acme"),
        ("Acme @ Workday <acme@myworkday.com>", "Acme"),
        ("Recruiting at Acme <jobs@acme.com>", "Acme"),
        ("Greenhouse <no-reply@greenhouse.io>", None),
        ("Team <no-reply@lever.co>", None),
        ("no-reply <no-reply@ashbyhq.com>", None),
        ("Workday <noreply@myworkday.com>", None),
        ("LinkedIn <jobs-noreply@linkedin.com>", None),
        ("", None),
    ],
)
def test_company_from_display_name(sender: str, expected: str | None) -> None:
    """Company comes from the display name with suffixes removed, never a platform or a word."""
    result = classify(sender=sender, subject="Thanks for your application", body="Hello.")
    assert result.company == expected


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("Thank you for applying to Initech", "", "Initech"),
        ("Your application to Initech", "", "Initech"),
        ("Initech: Software Engineer", "", "Initech"),
        ("Software Engineer, Payments - Initech", "", "Initech"),
        ("Application", "Thanks for applying to Initech today.", "Initech"),
        ("Application", "Thank you for your interest in Initech.", "Initech"),
        ("Application", "Track it at https://initech.wd5.myworkdayjobs.com/External", "Initech"),
        ("Application", "See https://boards.greenhouse.io/initech/jobs/123", "Initech"),
        ("Application", "See https://jobs.lever.co/initech/abc", "Initech"),
    ],
)
def test_company_from_subject_and_body(subject: str, body: str, expected: str) -> None:
    """Company comes from the subject, the body's wording or a job-board URL."""
    result = classify(
        sender="no-reply <no-reply@greenhouse.io>",
        subject=subject,
        body=f"Thank you for your application. {body}",
    )
    assert result.company == expected, result.reasons


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        (
            "Application received",
            "for the Senior Backend Engineer position.",
            "Senior Backend Engineer",
        ),
        ("Thanks", "Your application for Product Designer has been received.", "Product Designer"),
        ("Software Engineer, Payments - Acme", "", "Software Engineer, Payments"),
        ("Acme: Data Analyst (R-1234)", "", "Data Analyst"),
        ("Application received", "Nothing about the job here.", None),
    ],
)
def test_role_from_subject_and_body(subject: str, body: str, expected: str | None) -> None:
    """Role comes from 'for the X position', 'application for X' or the subject's parts."""
    result = _with(subject, f"Thank you for applying to Acme. We received your application {body}")
    assert result.role == expected, result.reasons


def test_forwarded_message_uses_original_sender() -> None:
    """A forwarded ATS mail is judged by the original sender, not the person forwarding it."""
    body = (
        "---------- Forwarded message ---------\n"
        "From: Initech <no-reply@greenhouse.io>\n"
        "Subject: Your application\n\n"
        "Thank you for applying. We received your application."
    )
    result = classify(sender="Me <me@gmail.com>", subject="Fwd: Your application", body=body)
    assert result.kind == "confirmation"
    assert result.company == "Initech"


def test_quoted_reply_is_ignored() -> None:
    """An old invitation quoted under a reply does not classify the reply."""
    body = (
        "Thanks, see you then!\n\nOn Mon, Oct 6, 2025 at 9:00 AM Jane <jane@acme.com> wrote:\n"
        "> We'd like to invite you to an onsite interview."
    )
    result = classify(sender="Me <me@gmail.com>", subject="Re: Onsite", body=body)
    assert result.kind == "other"


def test_empty_message_is_other() -> None:
    """Nothing to read is 'other' with a reason and no company."""
    result = classify(sender="", subject="", body="")
    assert result == Classification("other", result.confidence, result.reasons, None, None)
    assert result.reasons == ["empty message"]


def test_deterministic() -> None:
    """The same message always gets the same answer."""
    example = EXAMPLES[0]
    first = classify(sender=example.sender, subject=example.subject, body=example.body)
    assert classify(sender=example.sender, subject=example.subject, body=example.body) == first


def test_confidence_grows_with_evidence() -> None:
    """More independent evidence means higher confidence."""
    weak = _with("Hello", "We received your application.", sender="")
    strong = _with("Thank you for applying to Acme", "We received your application.")
    assert weak.kind == strong.kind == "confirmation"
    assert strong.confidence > weak.confidence


def _long_bodies() -> Iterator[tuple[str, str, str]]:
    for example in EXAMPLES[:40]:
        repeats = MAX_BODY_CHARS // len(example.body) + 1
        yield example.sender, example.subject, (example.body * repeats)[:MAX_BODY_CHARS]


# Beyond the cut: a rejection that would change any verdict if it were read.
_TAIL = " Unfortunately we have decided not to move forward with your application." * 300


def test_huge_bodies_are_bounded() -> None:
    """A very long body is cut, so one message cannot stall a sync: its tail is never read."""
    for sender, subject, body in _long_bodies():
        whole = classify(sender=sender, subject=subject, body=body + _TAIL)
        cut = classify(sender=sender, subject=subject, body=body)
        assert (whole.kind, whole.confidence) == (cut.kind, cut.confidence)


def test_reply_and_forward_prefixes_are_ignored() -> None:
    """'Fwd: RE:' in front of a subject changes nothing."""
    plain = _with("Your application to Initech", "We received your application.", sender="")
    prefixed = _with(
        "Fwd: RE: Your application to Initech", "We received your application.", sender=""
    )
    assert plain.company == prefixed.company == "Initech"
    assert plain.kind == prefixed.kind == "confirmation"


@pytest.mark.parametrize(
    "body",
    [
        "WE WILL NOT BE MOVING FORWARD WITH YOUR APPLICATION.",
        "We won’t be moving forward with your application.",  # typographic apostrophe
        "we wOn't Be MoViNg fOrWaRd with your application.",
    ],
)
def test_case_and_apostrophes_do_not_matter(body: str) -> None:
    """Phrases match whatever the case and apostrophe style."""
    assert _with("Update", body).kind == "rejection"


def test_someone_working_at_a_platform_names_it() -> None:
    """frank@personio.de writes for Personio; greg@hire.lever.co only uses Lever."""
    at_platform = classify(
        sender="Frank Berg <frank.berg@personio.de>",
        subject="Your application at Personio",
        body="Thank you for your application. We have received your documents.",
    )
    via_platform = classify(
        sender="Greg Howard <greg@hire.lever.co>",
        subject="Hello",
        body="I came across your profile. Would you be open to a chat about a role at Notion?",
    )
    assert at_platform.company == "Personio"
    assert via_platform.kind == "recruiter"
    assert via_platform.company == "Notion"


def test_reasons_name_the_kind_and_what_weighed_most() -> None:
    """The reasons open with the kind and its confidence, then the features that weighed most."""
    result = _with("Unfortunately", "We have decided to move forward with other candidates.")
    assert result.reasons[0].startswith(f"rejection at {result.confidence:.0%}")
    weighed = [reason for reason in result.reasons if reason.endswith("for rejection)")]
    assert 1 <= len(weighed) <= 4
    assert any("other candidates" in reason for reason in weighed), result.reasons
    assert any(
        reason.startswith("sender domain greenhouse.io is an ATS") for reason in result.reasons
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Falls Ihr Profil passt, melden wir uns, um ein Vorstellungsgespräch zu vereinbaren.",
        "Sollten wir Sie zu einem Interview einladen wollen, erhalten Sie eine Nachricht.",
        "Wenn dein Profil passt, laden wir dich zu einem Kennenlerngespräch ein.",
        "Si votre profil correspond, nous vous contacterons pour un entretien.",
        "Nous vous contacterons pour organiser un entretien.",
        "Si tu perfil encaja, te contactaremos para una entrevista.",
        "En caso de que su perfil encaje, le invitaremos a una entrevista.",
    ],
)
def test_hypothetical_clauses_in_other_languages_do_not_fire(sentence: str) -> None:
    """A German, French or Spanish confirmation that promises a future interview stays one."""
    confirmed = _with(
        "Vielen Dank für Ihre Bewerbung", f"Ihre Bewerbung ist bei uns eingegangen. {sentence}"
    )
    assert confirmed.kind == "confirmation", confirmed.reasons
    assert any("hypothetical" in reason for reason in confirmed.reasons)


@pytest.mark.parametrize("answer", ["Sí", "sí", "¡Sí", "Si"])
def test_spanish_yes_opens_no_condition(answer: str) -> None:
    """'Sí, …' (yes) folds to 'si, …' but is no conditional clause: the offer after it counts."""
    result = _with(
        "Actualización",
        f"{answer}, nos complace ofrecerte el puesto de Desarrollador Backend.",
        sender="Laura Gómez <laura.gomez@acme.es>",
    )
    assert result.kind == "offer", result.reasons
    assert not any("hypothetical" in reason for reason in result.reasons)


def test_spanish_condition_after_a_yes_is_still_dropped() -> None:
    """'Si tu perfil encaja, …' stays a condition, also in a message that says 'Sí, …'."""
    result = _with(
        "Gracias por tu candidatura",
        "Sí, hemos recibido tu candidatura. Si tu perfil encaja, queremos invitarte a una "
        "entrevista.",
    )
    assert result.kind == "confirmation", result.reasons
    assert any("si tu perfil encaja" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Vielen Dank für Ihre Bewerbung", "Ihre Bewerbung ist bei uns eingegangen."),
        ("Vielen Dank fuer Ihre Bewerbung", "Ihre Bewerbung ist bei uns eingegangen."),
        ("Vielen Dank fur Ihre Bewerbung", "Ihre Bewerbung ist bei uns eingegangen."),
        ("Merci pour votre candidature", "Nous avons bien reçu votre candidature."),
        ("Merci pour votre candidature", "Nous avons bien recu votre candidature."),
        ("Gracias por tu candidatura", "Hemos recibido tu candidatura."),
        ("Gracias por su solicitud", "Le confirmamos la recepción de su solicitud."),
    ],
)
def test_accented_and_unaccented_spellings_match(subject: str, body: str) -> None:
    """'für', 'fuer' and 'fur', 'reçu' and 'recu' are the same phrase."""
    assert _with(subject, body).kind == "confirmation"


def test_words_are_folded_for_the_gate() -> None:
    """The word index keeps accented words, folded: für → fuer, reçu → recu, ß → ss."""
    words = classifier.rules.words_of("vielen dank für ihre bewerbung, grüße. bien reçu, señor")
    assert {b"fuer", b"gruesse", b"recu", b"senor", b"bewerbung"} <= words


SENTENCES_BY_KIND = [
    (
        "Leider müssen wir Ihnen mitteilen, dass wir uns für andere Kandidaten entschieden haben.",
        "rejection",
    ),
    ("Malheureusement, nous ne pourrons pas donner suite à votre candidature.", "rejection"),
    ("Lamentablemente, hemos decidido seguir con otros candidatos.", "rejection"),
    ("Wir möchten Sie gerne zu einem Vorstellungsgespräch einladen.", "interview"),
    ("Nous avons le plaisir de vous inviter à un entretien.", "interview"),
    ("Queremos invitarte a una entrevista con el equipo.", "interview"),
    ("Wir freuen uns, Ihnen ein Angebot für die Position machen zu dürfen.", "offer"),
    ("Nous avons le plaisir de vous proposer le poste en CDI.", "offer"),
    ("Nos complace ofrecerte el puesto.", "offer"),
    ("Bitte absolvieren Sie die Coding Challenge innerhalb von 7 Tagen.", "assessment"),
    ("Merci de passer le test technique avant vendredi.", "assessment"),
    ("Te invitamos a completar la prueba técnica.", "assessment"),
]


@pytest.mark.parametrize(("body", "expected"), SENTENCES_BY_KIND)
def test_each_language_has_rules_for_each_kind(body: str, expected: str) -> None:
    """Plain German, French and Spanish sentences fire the phrase rules of the kind they state."""
    scores = gather(sender="Acme <no-reply@greenhouse.io>", subject="Update", body=body).scores
    assert max(scores, key=scores.get) == expected, scores


def test_each_language_one_liners_are_mostly_read_right() -> None:
    """The model reads most of those one-line sentences (subject "Update") as stated.

    A floor, not all of them: a single sentence under a generic subject is the hardest mail
    there is, and the model's figures are measured on the corpus, author by author.
    """
    results = [(_with("Update", body), expected) for body, expected in SENTENCES_BY_KIND]
    right = sum(result.kind == expected for result, expected in results)
    # Measured 10 to 12 of 12 across model versions this session; the floor holds with margin.
    assert right >= 0.75 * len(SENTENCES_BY_KIND)
    # A misread one-liner waits for the user: it never changes a status by itself.
    assert not [r.kind for r, expected in results if r.kind != expected and r.automatic]


@pytest.mark.parametrize(
    ("sender", "subject", "body"),
    [
        (
            "StepStone <jobagent@stepstone.de>",
            "Neue Jobs für dich",
            "12 neue Jobs für dich. Jetzt bewerben! Abmelden",
        ),
        (
            "Indeed <alert@indeed.com>",
            "Nouvelles offres d'emploi",
            "Découvrez les nouvelles offres d'emploi. Se désabonner",
        ),
        (
            "InfoJobs <alertas@infojobs.net>",
            "Nuevas ofertas de empleo para ti",
            "Hemos encontrado nuevas ofertas de empleo. Darse de baja",
        ),
        (
            "Academy <news@academy.example>",
            "Webinar: Vorstellungsgespräch meistern – 30 % Rabatt",
            "Wir freuen uns, dir ein Angebot für unseren Kurs zu machen. Jetzt anmelden!",
        ),
        (
            "Platzi <promo@platzi.com>",
            "Oferta especial",
            "Nos complace ofrecerte un descuento en nuestro curso de entrevistas.",
        ),
    ],
)
def test_alerts_and_course_offers_in_other_languages_are_other(
    sender: str, subject: str, body: str
) -> None:
    """Job alerts and course offers written in German, French or Spanish are not job mail."""
    result = classify(sender=sender, subject=subject, body=body)
    assert result.kind == "other", result.reasons
    assert result.company is None


@pytest.mark.parametrize(
    "sender", ["InfoJobs <alertas@infojobs.net>", "Alertas de empleo <alertas@empleo.example>"]
)
def test_spanish_single_listing_alert_is_other(sender: str) -> None:
    """A board recommending one listing says 'oferta de empleo' but is no job offer."""
    result = classify(
        sender=sender,
        subject="Te recomendamos esta oferta de empleo: Desarrollador Backend en Acme",
        body="Hola Ana,\n\nTe recomendamos esta oferta de empleo: Desarrollador Backend en Acme "
        "(Madrid).\n\nVer oferta",
    )
    assert result.kind == "other", result.reasons


@pytest.mark.parametrize(
    ("sender", "subject", "body"),
    [
        (
            "Laura Gómez <laura.gomez@acme.es>",
            "Oferta de empleo - Desarrollador Backend",
            "Hola Ana,\n\nNos complace ofrecerte el puesto de Desarrollador Backend. Adjuntamos "
            "la oferta de empleo con las condiciones.",
        ),
        (
            "Acme <no-reply@greenhouse.io>",
            "Tu oferta de empleo en Acme",
            "Hola Ana,\n\nAdjunto encontrarás la oferta de empleo para el puesto de Desarrollador "
            "Backend.",
        ),
    ],
)
def test_spanish_offer_letter_is_still_an_offer(sender: str, subject: str, body: str) -> None:
    """An offer letter from the employer or its ATS saying 'oferta de empleo' is an offer."""
    result = classify(sender=sender, subject=subject, body=body)
    assert result.kind == "offer", result.reasons
    assert (result.company, result.role) == ("Acme", "Desarrollador Backend"), result.reasons


@pytest.mark.parametrize(
    "domain",
    [
        "infojobs.net",
        "stepstone.de",
        "welcometothejungle.com",
        "jobteaser.com",
        "xing.com",
        "apec.fr",
        "computrabajo.com",
    ],
)
def test_european_job_boards_are_boards(domain: str) -> None:
    """Mail from a big European job board leans to 'other' and never names the board."""
    result = classify(
        sender=f"Alerts <alerts@{domain}>",
        subject="Desarrollador Backend en Acme",
        body="Hola Ana, hay novedades para ti.",
    )
    assert result.kind == "other", result.reasons
    assert any(f"sender domain {domain} is a job board" in r for r in result.reasons)
    assert result.company is None


@pytest.mark.parametrize(
    ("subject", "body", "company", "role"),
    [
        (
            "Ihre Bewerbung bei ACME als Backend Engineer",
            "Vielen Dank für Ihre Bewerbung.",
            "ACME",
            "Backend Engineer",
        ),
        ("Bewerbung", "Vielen Dank für Ihre Bewerbung als Data Analyst.", None, "Data Analyst"),
        (
            "Bewerbung",
            "Danke für deine Bewerbung für die Position UX Designer.",
            None,
            "UX Designer",
        ),
        (
            "Candidature",
            "Merci pour votre candidature chez ACME pour le poste de Chef de Projet.",
            "ACME",
            "Chef de Projet",
        ),
        (
            "Candidature",
            "Merci pour votre candidature au poste d'Ingénieur Data.",
            None,
            "Ingénieur Data",
        ),
        (
            "Candidatura",
            "Gracias por tu candidatura en ACME para el puesto de Analista de Datos.",
            "ACME",
            "Analista de Datos",
        ),
        (
            "Solicitud",
            "Gracias por su solicitud para la posición de Data Engineer.",
            None,
            "Data Engineer",
        ),
    ],
)
def test_company_and_role_in_other_languages(
    subject: str, body: str, company: str | None, role: str
) -> None:
    """'Bewerbung bei X als Y', 'candidature chez X pour le poste de Y', 'candidatura en X
    para el puesto de Y' name the employer and the title; the ATS is never the company.

    The extraction is rules, read whatever kind the model gives a one-line message."""
    evidence = gather(sender="no-reply <no-reply@greenhouse.io>", subject=subject, body=body)
    found_company, found_role, reasons = extract_fields(evidence, "confirmation")
    assert (found_company, found_role) == (company, role), reasons


@pytest.mark.parametrize(
    ("sender", "subject", "body"),
    [
        (
            "Indeed <alert@indeed.com>",
            "We recommend this job offer: Backend Developer at Acme",
            "Based on your profile, we recommend this job: Backend Developer at Acme. Apply now.",
        ),
        (
            "Job Alerts <jobs@alerts.example>",
            "We recommend this job offer: Backend Developer at Acme",
            "We recommend this job offer for you. Backend Developer at Acme, Berlin.",
        ),
        (
            "LinkedIn <jobs-noreply@linkedin.com>",
            "A job offer you may like: Backend Developer at Acme",
            "Backend Developer, Acme. See this job offer.",
        ),
    ],
)
def test_english_single_listing_alert_is_other(sender: str, subject: str, body: str) -> None:
    """'We recommend this job offer' is a board's listing, never an offer to move a status."""
    assert classify(sender=sender, subject=subject, body=body).kind == "other"


def test_recommending_someone_for_a_role_inside_an_offer_keeps_the_offer() -> None:
    """The alert phrases do not veto a real offer that happens to say 'recommend this role'."""
    result = classify(
        sender="Jane Doe <jane@acme.com>",
        subject="Offer",
        body="Hi Sam, I recommend this role to the committee and I am happy to say we would "
        "like to offer you the Backend Developer role at Acme. Your offer letter is attached.",
    )
    assert result.kind == "offer", result.reasons


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Globex HR has sent you a document to review and sign: your offer letter.", "Globex"),
        (
            "Initech Talent Acquisition has sent you your offer letter to review and sign.",
            "Initech",
        ),
    ],
)
def test_the_team_named_after_the_employer_in_prose_is_not_part_of_its_name(
    body: str, expected: str
) -> None:
    """'Globex HR has sent you…' is Globex: the application is Globex's, not its HR team's."""
    result = classify(sender="DocuSign <dse@docusign.net>", subject="Please sign", body=body)
    assert result.company == expected, result.reasons


@pytest.mark.parametrize(
    ("sender", "subject", "body"),
    [
        (
            "Exponent <team@tryexponent.com>",
            "Your technical interview with a FAANG engineer",
            "Nail your next system design interview. Practice with a FAANG engineer this week. "
            "Use code SAVE20 for 20% off. Unsubscribe",
        ),
        (
            "LeetCode <no-reply@leetcode.com>",
            "Schedule your mock interview",
            "Ace your next coding interview: schedule a mock interview today.",
        ),
    ],
)
def test_interview_practice_vendors_are_other(sender: str, subject: str, body: str) -> None:
    """A vendor selling interview practice says 'interview' everywhere but invites to none."""
    result = classify(sender=sender, subject=subject, body=body)
    assert (result.kind, result.company) == ("other", None), result.reasons


def test_a_real_interview_that_mentions_a_practice_site_is_still_an_interview() -> None:
    """Only the sender makes a vendor: an employer's invite naming LeetCode is an interview."""
    result = classify(
        sender="Acme Recruiting <no-reply@greenhouse.io>",
        subject="Interview invitation: Backend Engineer at Acme",
        body="Hi Jordan, we would like to invite you to a technical interview. Expect "
        "LeetCode-style questions. Please pick a time using the link below.",
    )
    assert (result.kind, result.company) == ("interview", "Acme"), result.reasons
