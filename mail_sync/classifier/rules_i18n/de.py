"""German phrase rules (see the package docstring)."""

from __future__ import annotations

from mail_sync.classifier.phrases import Rule, each, rule

_DE_YOUR = r"(?:ihre|deine|ihrer|deiner|ihr|dein)"
_DE_OTHERS = (
    r"(?:andere|anderen|anderer|weitere|weiteren) (?:kandidat|kandidatin|kandidaten"
    r"|kandidatinnen|bewerber|bewerberin|bewerberinnen|bewerbern|bewerbenden|personen?|profile?)"
)
_DE_TALK = (
    r"(?:vorstellungsgespraech|vorstellungsgespraechen|gespraech|interview|kennenlernen"
    r"|kennenlerngespraech|telefoninterview|videointerview|telefonat|videocall|jobinterview)"
)

GERMAN: tuple[Rule, ...] = (
    # Rejections
    rule(
        "rejection",
        "für andere Kandidaten entschieden",
        0.7,
        0.9,
        *each("fuer|fur|mit", rf" (?:einen |eine |einer |einem )?{_DE_OTHERS}\b"),
    ),
    rule(
        "rejection",
        "leider mitteilen",
        0.6,
        0.9,
        r"leider (?:\S+ ){0,4}?mitteilen",
        *each("ihnen|dir|euch", r" (?:\S+ ){0,2}?leider (?:\S+ ){0,3}?mitteilen"),
        r"bedauern,? (?:\S+ ){0,3}?mitteil",
        r"bedauerlicherweise\b",
        r"absage\b",
    ),
    rule(
        "rejection",
        "nicht weiter berücksichtigen",
        0.6,
        0.9,
        r"nicht (?:\S+ ){0,2}?(?:beruecksichtig|berucksichtig|ausgewaehlt|ausgewahlt)",
        r"nicht (?:\S+ ){0,2}?(?:weiterverfolgen|weiter verfolgen|weiter zu verfolgen"
        r"|fortsetzen|fortfuehren|fortfuhren|weiterfuehren|weiterfuhren)",
        r"nicht (?:in die|in der) (?:engere|engeren) (?:auswahl|wahl)",
        r"keine (?:positive|positiven|guten) (?:rueckmeldung|ruckmeldung|nachricht|nachrichten)",
        r"keine (?:zusage|stelle) (?:\S+ ){0,2}?(?:geben|machen|anbieten|erteilen)",
        *each("ihnen|dir", r" (?:\S+ ){0,2}?(?:keine|kein) (?:\S+ )?(?:zusage|angebot)\b"),
    ),
    rule(
        "rejection",
        "Stelle bereits besetzt",
        0.6,
        0.9,
        *each(
            "stelle|position|vakanz|rolle",
            r" (?:\S+ ){0,4}?(?:bereits |inzwischen |anderweitig )?(?:besetzt|vergeben)\b",
        ),
        r"anderweitig (?:besetzt|vergeben)",
    ),
    rule("rejection", "'leider'", 0.3, 0.45, r"leider\b"),
    rule(
        "rejection",
        "'Rückmeldung zu Ihrer Bewerbung'",
        0.1,
        0.2,
        *each(
            "status|stand|rueckmeldung|ruckmeldung|update", rf" (?:zu |von )?{_DE_YOUR} bewerbung"
        ),
    ),
    # Offers
    rule(
        "offer",
        "freuen uns, Ihnen ein Angebot zu machen",
        0.8,
        1.0,
        r"freuen (?:uns|mich),? (?:\S+ ){0,3}?(?:ihnen|dir|euch) (?:\S+ ){0,3}?(?:ein|unser|das)"
        r" (?:\S+ ){0,2}?(?:angebot|vertragsangebot|jobangebot|arbeitsangebot)\b"
        r"(?![^.]{0,40}\b(?:kurs|online-kurs|webinar|seminar|training|coaching|rabatt|abo))",
        *each("ihnen|dir", r" (?:\S+ ){0,2}?eine zusage (?:\S+ ){0,2}?(?:geben|machen|erteilen)"),
    ),
    rule(
        "offer",
        "Arbeitsvertrag / Vertragsangebot",
        0.6,
        0.9,
        r"arbeitsvertrag(?:s|es)?\b",
        r"vertragsangebot\b",
        r"vertragsunterlagen\b",
        r"jobangebot\b",
        r"gehaltsangebot\b",
        *each(
            "ihr|dein",
            r" (?:\S+ )?angebot\b(?![^.]{0,40}\b(?:kurs|online-kurs|webinar|seminar|training"
            r"|coaching|rabatt|abo))",
        ),
    ),
    # Assessments
    rule(
        "assessment",
        "Coding Challenge / Online-Test",
        0.7,
        0.9,
        *each(
            "coding|online|technische|technischen|technischer|fachliche|fachlichen|kurze|kurzen",
            r"[- ](?:challenge|test|aufgabe|assessment|uebung|ubung|case)s?\b",
        ),
        r"onlinetest\b",
        *each(
            "programmieraufgabe|testaufgabe|probeaufgabe|fallstudie|eignungstest"
            "|einstufungstest|persoenlichkeitstest|personlichkeitstest|logiktest",
            r"\b",
        ),
    ),
    rule(
        "assessment",
        "Test absolvieren",
        0.6,
        0.8,
        *each(
            "test|challenge|assessment|aufgabe",
            r" (?:\S+ ){0,4}?(?:zu )?(?:absolvieren|bearbeiten|abschliessen|durchzufuehren"
            r"|durchfuehren)\b",
        ),
        r"test starten\b",
    ),
    # Interviews
    rule(
        "interview",
        "Einladung zum Vorstellungsgespräch",
        0.8,
        1.0,
        r"einladung (?:zu|zum|zur|fuer|fur) (?:einem |einen |ein |unser |unserem )?"
        rf"(?:\S+ ){{0,2}}?{_DE_TALK}",
        r"zu (?:einem|einen|unserem|einem weiteren) (?:\S+ ){0,3}?"
        rf"{_DE_TALK}\b[^.]{{0,40}}\beinladen",
        rf"zum (?:\S+ ){{0,2}}?{_DE_TALK}\b[^.]{{0,40}}\beinladen",
        *each("sie|dich|euch", r" (?:\S+ ){0,2}?(?:persoenlich |personlich )?kennenlernen\b"),
    ),
    rule(
        "interview",
        "Terminvorschläge",
        0.6,
        0.8,
        *each("terminvorschlag|terminvorschlaege|terminvorschlage|terminvorschlaegen", r"\b"),
        *each("passenden|freien|geeigneten", r" (?:termin|zeitslot|slot|zeitpunkt)\b"),
        r"termin (?:\S+ ){0,3}?(?:vereinbaren|auswaehlen|auswahlen|buchen|waehlen|wahlen)\b",
        *each("gespraechstermin|interviewtermin|gesprachstermin", r"\b"),
        *each("welcher|welche", r" (?:termin|zeit|uhrzeit|slot) (?:\S+ ){0,3}?passt"),
    ),
    rule(
        "interview",
        "nächste Runde",
        0.5,
        0.8,
        *each(
            "naechste|nachste|naechsten|nachsten|zweite|finale|finalen",
            r" (?:runde|phase|stufe)\b",
        ),
        *each("zweites|finales|persoenliches|personliches|erstes", rf" {_DE_TALK}\b"),
    ),
    rule(
        "interview",
        "fragt nach Verfügbarkeit",
        0.3,
        0.4,
        *each("ihre|deine", r" (?:verfuegbarkeit|verfugbarkeit)"),
        r"wann (?:sie|du) (?:zeit|verfuegbar|verfugbar)",
    ),
    rule(
        "interview",
        "'Vorstellungsgespräch'",
        0.2,
        0.4,
        *each(
            "vorstellungsgespraech|vorstellungsgesprach|kennenlerngespraech|telefoninterview"
            "|videointerview|jobinterview",
            r"(?:e|en|s)?\b",
        ),
    ),
    # Confirmations
    rule(
        "confirmation",
        "vielen Dank für Ihre Bewerbung",
        0.7,
        0.9,
        *each(
            "vielen dank|herzlichen dank|danke|dank",
            rf"(?: dir| ihnen| schoen| sehr)? fue?r {_DE_YOUR} (?:\S+ )?bewerbung",
        ),
        rf"bedanken (?:uns|mich) (?:\S+ ){{0,3}}?fue?r {_DE_YOUR} (?:\S+ )?bewerbung",
    ),
    rule(
        "confirmation",
        "Ihre Bewerbung ist eingegangen",
        0.7,
        0.9,
        *each(
            "ihre|deine",
            r" (?:\S+ ){0,3}?bewerbung (?:\S+ ){0,6}?(?:ist|wurde|haben wir)\b[^.]{0,40}?"
            r"(?:eingegangen|erhalten|uebermittelt|ubermittelt|empfangen|versendet|abgeschickt)",
        ),
        *each("eingang|empfang", rf" {_DE_YOUR} (?:\S+ )?(?:bewerbung|unterlagen)"),
        *each("eingangsbestaetigung|eingangsbestatigung|bewerbungseingang", r"\b"),
        rf"haben {_DE_YOUR} (?:\S+ )?(?:bewerbung|unterlagen) (?:\S+ ){{0,5}}?erhalten",
        r"bewerbung (?:\S+ ){0,4}?erfolgreich (?:eingegangen|uebermittelt|ubermittelt|versendet"
        r"|abgeschickt|eingereicht)",
    ),
    rule(
        "confirmation",
        "prüfen Ihre Bewerbung",
        0.3,
        0.4,
        *each(
            "ihre|deine|ihrer|deiner",
            r" (?:bewerbung|unterlagen|bewerbungsunterlagen)\b[^.]{0,60}\b(?:pruefen|prufen"
            r"|geprueft|gepruft|sichten|gesichtet|ansehen|angesehen)",
        ),
    ),
    rule(
        "confirmation",
        "danke für Ihr Interesse",
        0.3,
        0.4,
        *each("vielen dank|danke|dank", r"(?: dir| ihnen)? fue?r (?:ihr|dein) interesse\b"),
    ),
    # Recruiter outreach
    rule(
        "recruiter",
        "auf Ihr Profil aufmerksam geworden",
        0.6,
        0.8,
        *each(
            "auf|ueber|uber",
            r" (?:ihr|dein) (?:\S+ )?profil (?:\S+ ){0,4}?(?:aufmerksam|gestossen)",
        ),
        *each("ihr|dein", r" profil (?:\S+ ){0,4}?(?:gefunden|gesehen|entdeckt)\b"),
    ),
    rule(
        "recruiter",
        "Interesse an einem Austausch",
        0.6,
        0.8,
        r"interesse an einem (?:kurzen |unverbindlichen |ersten )?(?:austausch|telefonat|gespraech"
        r"|gesprach|call|kennenlernen)",
        r"offen fue?r (?:einen |ein )?(?:kurzen |unverbindlichen )?(?:austausch|telefonat"
        r"|gespraech|gesprach|wechsel)",
    ),
    rule(
        "recruiter",
        "Recruiter stellt eine Stelle vor",
        0.4,
        0.6,
        r"ich bin (?:\S+ ){0,2}?(?:recruiter|recruiterin|personalberater|personalberaterin"
        r"|headhunter|talent)",
        r"fue?r (?:einen unserer|einen|unseren|unsere) (?:kunden|mandanten)\b",
        r"spannende (?:position|stelle|moeglichkeit|herausforderung|rolle|aufgabe)",
    ),
    # Not job mail
    rule(
        "marketing",
        "Jobalarm",
        0.6,
        0.9,
        r"neue (?:jobs|stellen|stellenangebote|jobangebote)\b",
        *each("jobs fuer|jobs fur", r" dich\b"),
        r"passende (?:jobs|stellen|stellenangebote)\b",
        *each("jobalarm|jobagent|job-alarm|suchauftrag|jobempfehlungen|stellenempfehlungen", r"\b"),
    ),
    rule(
        "marketing",
        "Rabatt oder Aktion",
        0.6,
        0.9,
        r"rabatt\b",
        r"gutschein",
        r"sonderangebot",
        r"jetzt anmelden",
        r"jetzt (?:kostenlos )?testen",
        r"% (?:rabatt|auf)\b",
    ),
    rule(
        "marketing",
        "Kurs, Webinar oder Newsletter",
        0.3,
        0.5,
        *each("kurs|online-kurs|onlinekurs|seminar|bewerbungstraining|weiterbildung", r"\b"),
    ),
    rule(
        "marketing",
        "Abmelden",
        0.2,
        0.2,
        r"abbestellen",
        r"abmelden\b",
        *each("jobalarm|jobagent|benachrichtigungen", r" verwalten"),
    ),
)
