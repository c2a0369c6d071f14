"""Spanish phrase rules (see the package docstring)."""

from __future__ import annotations

from mail_sync.classifier.phrases import Rule, each, rule

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
        # A board recommending one listing ("Te recomendamos esta oferta de empleo: …") says
        # "oferta de empleo" as an offer letter does.
        r"recomendamos (?:esta|estas|una|unas|la|las|estos|los) (?:\S+ ){0,2}?(?:ofertas?"
        r"|empleos?|vacantes?|puestos?)\b",
        r"oferta (?:de empleo |de trabajo )?(?:recomendada|similar|que (?:te |le )?(?:puede"
        r"|podria) interesar)",
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
