"""Word patterns and substring search that the company and the role readers share."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from mail_sync.classifier.phrases import words_of

ROLE_WORDS = re.compile(
    r"\b(?:engineer|engineering|developer|designer|manager|scientist|analyst|architect|lead"
    r"|director|specialist|consultant|intern|internship|coordinator|administrator|researcher"
    r"|writer|editor|recruiter|associate|officer|head|vp|sre|devops|accountant|representative"
    r"|executive|strategist|technician|advocate|programmer|product|marketing|sales|support"
    r"|operations|partner|counsel|assistant|principal|staff|senior|junior|sr|jr|backend"
    r"|frontend|full[- ]?stack|data|ml|qa|tester|owner|generalist|success|nurse|teacher"
    r"|physician|doctor|pharmacist|therapist|driver|chef|cook|clerk|cashier|agent|attorney"
    r"|lawyer|paralegal|auditor|controller|bookkeeper|economist|statistician|mechanic"
    r"|electrician|planner|buyer|producer|artist|animator|photographer|journalist|copywriter"
    r"|tutor|professor|lecturer|postdoc|fellow|apprentice|trainee|graduate|technologist"
    r"|hygienist|receptionist|secretary|supervisor|foreman|worker|operator|advisor|adviser"
    r"|expert|evangelist|instructor|coach|manager|consultant|solutions"
    # German, French, Spanish titles
    r"|entwickler|entwicklerin|ingenieur|ingenieurin|berater|beraterin|leiter|leiterin"
    r"|werkstudent|werkstudentin|praktikant|praktikantin|referent|referentin|sachbearbeiter"
    r"|sachbearbeiterin|projektmanager|softwareentwickler|softwareentwicklerin|architekt"
    r"|ingénieur|ingénieure|développeur|developpeur|développeuse|chef|chargé|chargée|responsable"
    r"|stagiaire|alternant|alternante|analyste|directeur|directrice|commercial|commerciale"
    r"|comptable|concepteur|chercheur|chercheuse|juriste|ingeniero|ingeniera|desarrollador"
    r"|desarrolladora|programador|programadora|analista|jefe|jefa|becario|becaria|consultor"
    r"|consultora|gerente|técnico|tecnico|técnica|diseñador|diseñadora|directora|coordinador"
    r"|coordinadora|administrativo|administrativa|contable|investigador|investigadora"
    r"|enfermero|enfermera|profesor|profesora|vendedor|vendedora)\b",
    re.I,
)
_PHRASE_WORDS = re.compile(
    r"\b(?:thank|thanks|application|applying|applied|interview|interviewing|invitation|invite"
    r"|update|offer|assessment|challenge|confirmation|received|next|steps?|your|you|we|our"
    r"|regarding|re|fwd|status|schedule|scheduled|availability|action|required|reminder"
    r"|congratulations|opportunity|important|new|job|alert|jobs|request|welcome|hello|hi"
    r"|follow|feedback|decision|test|exercise|from|with|candidate|position|role|call|chat"
    r"|event|confirmed|quick|question|meeting|submission|case|study|assignment|take-home"
    r"|screen|minute|minutes"
    r"|bewerbung|einladung|vorstellungsgespräch|gespräch|angebot|absage|rückmeldung|ihre|ihr"
    r"|deine|dein|neue|terminvorschläge|spannende|eingangsbestätigung|candidature|entretien"
    r"|offre|votre|ton|ta|suite|opportunité|nouvelles|promesse|merci|candidatura|solicitud"
    r"|entrevista|oferta|tu|su|gracias|nuevas|oportunidad|actualización|confirmación"
    r"|convocatoria|proceso)\b",
    re.I,
)
_SUBJECT_SEPARATORS = re.compile(r"\s+[-–—|]\s+|:\s+|\s+/\s+")


def lower_same_length(text: str) -> str:
    """Lower case with offsets kept, so a position in it is a position in the original."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@cache
def _needed_words(anchor: str) -> frozenset[bytes]:
    return frozenset(words_of(anchor))


def _occurrences(haystack: str, needle: str, words: set[bytes] | None) -> Iterator[int]:
    """Where needle occurs; skipped at once when a word of it is missing from the message."""
    if words is not None and not _needed_words(needle) <= words:
        return
    start = haystack.find(needle)
    while start != -1:
        yield start
        start = haystack.find(needle, start + 1)
