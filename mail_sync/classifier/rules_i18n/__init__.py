"""German, French and Spanish phrase rules, weighted like their English counterparts.

Patterns are ASCII because they run on folded text (see `phrases`): "fuer" matches "für" and
"fuer", "recu" matches "reçu", "tecnica" matches "técnica". They spell out the formal and the
informal address (Sie/du, vous/tu, usted/tú) and, where ATS templates lose the umlaut
altogether, the bare vowel too ("fue?r").
"""

from mail_sync.classifier.rules_i18n.de import GERMAN
from mail_sync.classifier.rules_i18n.es import SPANISH
from mail_sync.classifier.rules_i18n.fr import FRENCH

__all__ = ["FRENCH", "GERMAN", "SPANISH"]
