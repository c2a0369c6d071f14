"""German, French and Spanish phrase rules, weighted like their English counterparts.

Patterns are ASCII because they run on folded text (see `phrases`): "fuer" matches "für" and
"fuer", "recu" matches "reçu", "tecnica" matches "técnica". They spell out the formal and the
informal address (Sie/du, vous/tu, usted/tú) and, where ATS templates lose the umlaut
altogether, the bare vowel too ("fue?r").
"""

from __future__ import annotations

from mail_sync.classifier.phrases import Rule, each, rule

# --- German -----------------------------------------------------------------------------
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

# --- French -----------------------------------------------------------------------------
_FR_YOUR = r"(?:votre|ta|ton)"
_FR_TALK = r"(?:entretiens?|echanges?|rencontre|visio|appel|rendez-vous)"

FRENCH: tuple[Rule, ...] = (
    # Rejections
    rule(
        "rejection",
        "ne pas donner suite",
        0.7,
        0.9,
        r"pas (?:\S+ ){0,2}?donner (?:une )?suite",
        r"pas (?:\S+ ){0,2}?(?:poursuivre|continuer) (?:\S+ ){0,3}?(?:avec |le processus )?"
        rf"{_FR_YOUR} (?:candidature|profil)",
        r"pas (?:\S+ ){0,2}?retenir (?:votre|ta) candidature",
        *each("aucune|pas de", r" suite favorable"),
        r"suite (?:\S+ )?defavorable",
        *each("decide|choisi", r" de ne pas (?:poursuivre|donner|retenir|continuer|avancer)"),
    ),
    rule(
        "rejection",
        "autres candidats retenus",
        0.7,
        0.9,
        *each(
            "retenu|choisi|selectionne|privilegie|opte pour|retenue",
            r" (?:\S+ ){0,3}?(?:candidats?|candidates?|profils?|candidatures)\b",
        ),
        *each("d'autres|un autre|une autre|autres", r" (?:candidats?|candidates?|profils?)\b"),
    ),
    rule(
        "rejection",
        "au regret de vous informer",
        0.6,
        0.9,
        r"au regret de",
        r"regrett(?:ons|e) de (?:vous|te|devoir)",
        *each(
            "votre|ta",
            r" candidature (?:\S+ ){0,4}?(?:n'a pas ete|ne sera pas|n'a pas pu etre|ne pourra pas"
            r" etre) (?:retenue|selectionnee|prise en compte)",
        ),
        r"pas ete (?:retenue?|selectionnee?|retenu)\b",
        r"non retenue?\b",
    ),
    rule(
        "rejection",
        "poste pourvu",
        0.6,
        0.9,
        *each("a ete|est deja|est desormais|a deja ete|ete", r" pourvue?\b(?! que)"),
    ),
    rule(
        "rejection",
        "profils correspondant davantage",
        0.5,
        0.8,
        r"correspond(?:ant|ent|ait)? (?:\S+ )?(?:davantage|mieux|plus precisement)\b",
        r"ne correspond(?:ent)? pas (?:\S+ ){0,3}?(?:aux|a nos|au) (?:besoins|attentes|criteres)",
    ),
    rule("rejection", "'malheureusement'", 0.3, 0.45, r"malheureusement\b"),
    rule(
        "rejection",
        "'suite à votre candidature'",
        0.1,
        0.2,
        *each("reponse|retour|suite", rf" (?:a|concernant) {_FR_YOUR} candidature"),
    ),
    # Offers
    rule(
        "offer",
        "nous avons le plaisir de vous proposer le poste",
        0.8,
        1.0,
        *each(
            "plaisir|heureux|heureuse|heureuses|ravi|ravis|ravie|ravies",
            r" de (?:vous|te) (?:proposer|offrir|confirmer|faire) (?:le|un|ce|notre|une offre"
            r" pour le|une proposition pour le) (?:\S+ ){0,2}?(?:poste|contrat|cdi|cdd|emploi"
            r"|stage|alternance|offre d'embauche)\b",
        ),
    ),
    rule(
        "offer",
        "promesse d'embauche",
        0.6,
        0.9,
        *each("promesse|offre|proposition|lettre", r" d'embauche\b"),
        r"proposition de (?:contrat|poste|salaire|remuneration)\b",
        r"contrat de travail\b",
        r"lettre d'offre\b",
    ),
    # Assessments
    rule(
        "assessment",
        "test technique",
        0.7,
        0.9,
        r"tests? (?:technique|techniques|en ligne|de (?:code|programmation|logique|personnalite"
        r"|competences|aptitude|raisonnement|niveau))\b",
        r"exercices? (?:technique|techniques|de code|pratique|de programmation)\b",
        r"cas pratique\b",
        r"etude de cas\b",
        r"defi technique\b",
    ),
    rule(
        "assessment",
        "passer le test",
        0.6,
        0.8,
        *each(
            "passer|completer|realiser|effectuer|commencer",
            r" (?:le|un|ce|votre|ton|notre|l') ?(?:\S+ ){0,2}?(?:test|exercice|questionnaire"
            r"|evaluation)\b",
        ),
        r"commencer le test",
    ),
    rule("assessment", "'évaluation'", 0.2, 0.4, r"evaluation (?:technique|en ligne)\b"),
    # Interviews
    rule(
        "interview",
        "invitation à un entretien",
        0.8,
        1.0,
        *each(
            "inviter|invitons|invite|invitation|convier|convions|convoquer|convocation",
            rf"\b[^.]{{0,40}}\b{_FR_TALK}",
        ),
        *each(
            "aimerions|aimerait|souhaitons|souhaiterions|souhaiterait|voudrions|aimerais",
            r" (?:vous|te) (?:rencontrer|proposer un entretien|inviter)\b",
        ),
    ),
    rule(
        "interview",
        "planifier un entretien",
        0.7,
        0.9,
        *each(
            "planifier|organiser|fixer|programmer|caler|convenir|confirmer|reprogrammer",
            rf" (?:d')?(?:\S+ ){{0,2}}?{_FR_TALK}\b",
        ),
        *each(
            "choisir|reserver|reservez|choisissez|choisis|reserve",
            r" (?:\S+ )?(?:un|le|votre|ton) creneau",
        ),
    ),
    rule(
        "interview",
        "premier entretien",
        0.5,
        0.8,
        *each(
            "premier|deuxieme|second|dernier|prochain|nouvel",
            r" entretien\b",
        ),
        r"entretien (?:telephonique|en visio|video|technique|final|individuel|rh|avec)\b",
        *each(
            "passer|passez|passes|avancer",
            r" (?:a|en) (?:la )?(?:prochaine|suivante|deuxieme|derniere) (?:etape|phase)",
        ),
    ),
    rule(
        "interview",
        "demande vos disponibilités",
        0.3,
        0.4,
        *each("vos|tes", r" disponibilites"),
        r"creneau (?:qui vous convient|qui te convient)",
    ),
    rule("interview", "'entretien'", 0.2, 0.4, r"entretiens?\b(?! d'embauche)"),
    # Confirmations
    rule(
        "confirmation",
        "merci pour votre candidature",
        0.7,
        0.9,
        *each(
            "merci|remercions|remercie|remerciements",
            rf" (?:\S+ )?(?:pour|de) (?:l'envoi de )?{_FR_YOUR} (?:\S+ )?candidature",
        ),
        r"merci (?:\S+ )?d'avoir (?:postule|candidate|envoye)",
    ),
    rule(
        "confirmation",
        "nous avons bien reçu votre candidature",
        0.7,
        0.9,
        rf"bien recu {_FR_YOUR} (?:\S+ )?candidature",
        *each("avons|a", rf" recu {_FR_YOUR} (?:\S+ )?candidature"),
        *each(
            "votre|ta",
            r" candidature (?:\S+ ){0,6}?(?:a bien ete|a ete|est bien|bien) (?:recue|enregistree"
            r"|transmise|envoyee|prise en compte)",
        ),
        rf"confirmation de (?:{_FR_YOUR} )?candidature",
        r"accus(?:e|ons) (?:de )?reception",
        r"candidature (?:bien )?(?:recue|enregistree|envoyee|transmise)\b",
    ),
    rule(
        "confirmation",
        "étudier votre candidature",
        0.3,
        0.4,
        *each(
            "etudier|examiner|analyser|etudiera|examinera|etudions|examinons|etudierons",
            rf" (?:\S+ ){{0,2}}?(?:{_FR_YOUR} (?:candidature|profil|cv|dossier)|l'etudier)",
        ),
        r"va l'etudier",
    ),
    rule(
        "confirmation",
        "merci de votre intérêt",
        0.3,
        0.4,
        *each(
            "merci|remercions|remercie",
            r" (?:\S+ ){0,2}?(?:pour|de) (?:l'interet|votre interet|ton interet)",
        ),
    ),
    # Recruiter outreach
    rule(
        "recruiter",
        "découvert votre profil",
        0.6,
        0.8,
        *each("decouvert|vu|remarque|trouve|consulte|parcouru|repere", r" (?:votre|ton) profil"),
    ),
    rule(
        "recruiter",
        "disponible pour un échange",
        0.6,
        0.8,
        *each(
            "disponible|disponibles|ouvert|ouverte|interesse|interessee",
            r" (?:pour|a) (?:un|une) (?:\S+ )?(?:echange|appel|call|discussion|conversation)",
        ),
    ),
    rule(
        "recruiter",
        "un recruteur présente un poste",
        0.4,
        0.6,
        r"je suis (?:\S+ ){0,3}?(?:recruteur|recruteuse|consultant|consultante|chasseur"
        r"|chasseuse|talent)",
        *each("l'un|un|l'une|une", r" de nos clients"),
        r"opportunite (?:\S+ ){0,2}?(?:qui pourrait|interessante)",
    ),
    # Not job mail
    rule(
        "marketing",
        "alerte emploi",
        0.6,
        0.9,
        r"nouvelles? offres? d'emploi",
        r"offres d'emploi (?:qui|pour vous|recommandees|similaires)",
        r"alertes? (?:emploi|e-mail|email)\b",
        *each("gerer|modifier", r" (?:mes|vos) alertes"),
        r"offres recommandees",
        r"voir toutes les offres",
    ),
    rule(
        "marketing",
        "offre spéciale",
        0.6,
        0.9,
        r"offre (?:speciale|exclusive|limitee)",
        r"reduction\b",
        r"code promo",
        r"s'inscrire maintenant",
        r"inscrivez-vous",
        r"% (?:sur|de reduction)\b",
    ),
    rule(
        "marketing",
        "formation ou webinar",
        0.3,
        0.5,
        *each("notre|nos", r" (?:nouvelle |nouvelles )?formations?\b"),
        r"la formation\b",
    ),
    rule("marketing", "se désabonner", 0.2, 0.2, r"se desabonner", r"desinscri"),
)

# --- Spanish ----------------------------------------------------------------------------
_ES_YOUR = r"(?:tu|su)"
_ES_APPLICATION = r"(?:solicitud|candidatura|postulacion|aplicacion|inscripcion)"

SPANISH: tuple[Rule, ...] = (
    # Rejections
    rule(
        "rejection",
        "no continuar con tu candidatura",
        0.7,
        0.9,
        r"no (?:\S+ ){0,2}?(?:continuar|seguir|avanzar|avanzaremos|continuaremos|seguiremos"
        rf"|seguir adelante) (?:\S+ ){{0,2}}?(?:con|en) {_ES_YOUR} (?:{_ES_APPLICATION}|proceso"
        r"|perfil)",
        r"no (?:has|ha) (?:sido|resultado) (?:seleccionad|elegid)",
        r"no (?:\S+ ){0,2}?(?:pasar|pasaras|pasara) a la (?:siguiente|proxima) (?:fase|etapa)",
    ),
    rule(
        "rejection",
        "seguir con otros candidatos",
        0.7,
        0.9,
        *each(
            "seguir|continuar|avanzar|adelante|seleccionado|elegido|optado por|decidido por"
            "|decantado por|quedado con",
            r" (?:\S+ ){0,2}?(?:con )?(?:otros?|otras?) (?:candidat[oa]s?|perfil(?:es)?"
            r"|personas?|postulantes)\b",
        ),
    ),
    rule(
        "rejection",
        "lamentamos comunicarte",
        0.6,
        0.9,
        *each("lamentamos|lamento|sentimos|siento", r" (?:\S+ ){0,2}?(?:comunicar|informar|decir)"),
        r"pesar de (?:comunicar|informar)",
    ),
    rule(
        "rejection",
        "puesto cubierto",
        0.6,
        0.9,
        *each(
            "puesto|vacante|posicion|plaza",
            r" (?:\S+ ){0,4}?(?:ha sido|ya ha sido|esta|ya esta) cubiert[oa]",
        ),
        r"ya (?:ha sido|esta) cubiert[oa]",
        r"no (?:\S+ ){0,2}?(?:ofrecerte|ofrecerle) (?:el|un|este) (?:puesto|empleo|trabajo)",
    ),
    rule(
        "rejection",
        "perfil que se ajusta mejor",
        0.5,
        0.8,
        *each("ajusta|ajustan|encaja|encajan|adecua|adecuan", r" (?:\S+ ){0,2}?mejor\b"),
    ),
    rule(
        "rejection",
        "'lamentablemente'",
        0.3,
        0.45,
        *each("lamentablemente|desafortunadamente|por desgracia|desgraciadamente", r"\b"),
    ),
    rule(
        "rejection",
        "'actualización sobre tu candidatura'",
        0.1,
        0.2,
        *each("actualizacion|novedades|estado", rf" (?:sobre|de|en) {_ES_YOUR} {_ES_APPLICATION}"),
    ),
    # Offers
    rule(
        "offer",
        "nos complace ofrecerte el puesto",
        0.8,
        1.0,
        *each(
            "complace|alegra|encanta|gusta|satisfaccion",
            r" (?:\S+ ){0,2}?(?:ofrecerte|ofrecerle|ofrecer|hacerte|hacerle|proponerte|proponerle)"
            r" (?:el puesto|la posicion|el cargo|una oferta|la oferta|un contrato|el trabajo"
            r"|el empleo|un puesto|una posicion|la plaza)\b",
        ),
    ),
    rule(
        "offer",
        "oferta de empleo",
        0.5,
        0.9,
        r"oferta (?:formal |oficial )?de (?:empleo|trabajo|contratacion)\b"
        r"(?<!nueva oferta de empleo)(?<!nueva oferta de trabajo)",
        r"carta (?:de )?oferta\b",
        r"oferta laboral\b",
        r"contrato (?:de trabajo|laboral)\b",
    ),
    # Assessments
    rule(
        "assessment",
        "prueba técnica",
        0.7,
        0.9,
        r"pruebas? (?:tecnicas?|de codigo|de programacion|practicas?|online|en linea|de nivel"
        r"|de logica|psicotecnicas?)\b",
        r"tests? (?:tecnico|de logica|psicotecnico|de personalidad|online)\b",
        r"ejercicios? (?:tecnico|practico|de codigo|de programacion)\b",
        r"caso practico\b",
        *each("reto|desafio", r" (?:tecnico|de programacion)\b"),
    ),
    rule(
        "assessment",
        "completar la prueba",
        0.6,
        0.8,
        *each(
            "realizar|completar|hacer|empezar|comenzar|completa|realiza",
            r" (?:la|una|el|un|esta|tu|su) (?:\S+ ){0,2}?(?:prueba|evaluacion|test|ejercicio"
            r"|reto|desafio)\b",
        ),
    ),
    rule("assessment", "'evaluación'", 0.2, 0.4, r"evaluacion\b"),
    # Interviews
    rule(
        "interview",
        "invitación a una entrevista",
        0.8,
        1.0,
        *each(
            "invitarte|invitarle|invitamos|invitar|invitacion|convocarte|convocarle|convocamos"
            "|convocatoria",
            r"\b[^.]{0,40}\bentrevista",
        ),
    ),
    rule(
        "interview",
        "agendar una entrevista",
        0.7,
        0.9,
        *each(
            "agendar|programar|concertar|coordinar|organizar|fijar|agendemos|confirmar",
            r" (?:\S+ ){0,2}?(?:entrevista|llamada|videollamada|reunion)\b",
        ),
        *each(
            "elige|elija|escoge|escoja|reserva|reserve",
            r" (?:el|un|tu|su) (?:horario|hueco|dia|momento)",
        ),
    ),
    rule(
        "interview",
        "primera entrevista",
        0.5,
        0.8,
        *each("primera|segunda|tercera|siguiente|proxima|ultima|nueva", r" entrevista\b"),
        r"entrevista (?:telefonica|personal|tecnica|final|por videollamada|online|con)\b",
        *each("siguiente|proxima", r" (?:fase|etapa) del proceso"),
    ),
    rule(
        "interview",
        "pregunta tu disponibilidad",
        0.3,
        0.4,
        *each("tu|su", r" disponibilidad"),
        r"horario que mejor",
        *each("conocerte|conocerle", r"\b"),
    ),
    rule("interview", "'entrevista'", 0.2, 0.4, r"entrevistas?\b"),
    # Confirmations
    rule(
        "confirmation",
        "gracias por tu solicitud",
        0.7,
        0.9,
        *each(
            "gracias|agradecemos|agradecerte|agradecerle",
            rf" (?:\S+ )?por (?:{_ES_YOUR}|haber) (?:\S+ )?(?:{_ES_APPLICATION}|aplicado|postulado"
            r"|enviado|inscrito)",
        ),
    ),
    rule(
        "confirmation",
        "hemos recibido tu candidatura",
        0.7,
        0.9,
        *each(
            "hemos|he",
            rf" recibido (?:correctamente |con exito )?{_ES_YOUR} (?:\S+ )?"
            rf"(?:{_ES_APPLICATION}|cv|curriculum)",
        ),
        *each(
            "tu|su",
            rf" (?:\S+ )?{_ES_APPLICATION} (?:\S+ ){{0,4}}?(?:ha sido|se ha|fue) (?:\S+ )?"
            r"(?:recibida|registrada|enviada|enviado|recibido|registrado)",
        ),
        rf"confirmacion de (?:{_ES_YOUR} )?{_ES_APPLICATION}",
        *each("confirmamos|confirmarte|confirmarle", r" (?:\S+ ){0,3}?(?:recibido|recepcion)"),
    ),
    rule(
        "confirmation",
        "revisaremos tu candidatura",
        0.3,
        0.4,
        *each("revisara|revisaremos|revisaran|estudiaremos|analizaremos|valoraremos", r"\b"),
    ),
    rule(
        "confirmation",
        "gracias por tu interés",
        0.3,
        0.4,
        *each("gracias|agradecemos", r" (?:\S+ )?(?:por )?(?:tu|su|el) interes\b"),
    ),
    # Recruiter outreach
    rule(
        "recruiter",
        "he visto tu perfil",
        0.6,
        0.8,
        *each("visto|encontrado|revisado|leido|descubierto", rf" {_ES_YOUR} perfil"),
    ),
    rule(
        "recruiter",
        "te interesaría una llamada",
        0.6,
        0.8,
        *each(
            "te|le",
            r" interesaria (?:\S+ ){0,3}?(?:llamada|charla|conversacion|hablar|conocer|explorar)",
        ),
        *each("abierto|abierta", r" a (?:nuevas oportunidades|una (?:\S+ )?(?:charla|llamada))"),
    ),
    rule(
        "recruiter",
        "un reclutador presenta un puesto",
        0.4,
        0.6,
        *each(
            "soy|me llamo",
            r" (?:\S+ ){0,3}?(?:recruiter|reclutador|reclutadora|consultor|consultora|headhunter"
            r"|talent)",
        ),
        *each("uno|una", r" de nuestros clientes"),
        *each("estoy|estamos", r" buscando (?:un|una)\b"),
    ),
    # Not job mail
    rule(
        "marketing",
        "alerta de empleo",
        0.6,
        0.9,
        r"nuevas ofertas de (?:empleo|trabajo)",
        r"nueva oferta de (?:empleo|trabajo)",
        r"ofertas (?:de empleo |de trabajo )?(?:que encajan|recomendadas|para ti|similares)",
        *each("tu|tus|gestionar", r" alertas?\b"),
        r"empleos (?:para ti|recomendados)",
    ),
    rule(
        "marketing",
        "oferta especial",
        0.6,
        0.9,
        r"descuento",
        r"oferta especial",
        r"inscribete (?:ya|ahora)",
        r"codigo promocional",
        r"plazas limitadas",
    ),
    rule(
        "marketing",
        "curso o webinar",
        0.3,
        0.5,
        *each("curso|cursos|formacion", r"\b"),
    ),
    rule(
        "marketing",
        "darse de baja",
        0.2,
        0.2,
        r"darse de baja",
        r"darte de baja",
        r"cancelar (?:la )?suscripcion",
        r"desuscribirse",
    ),
)
