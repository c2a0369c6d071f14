"""French phrase rules (see the package docstring)."""

from __future__ import annotations

from mail_sync.classifier.phrases import Rule, each, rule

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
