"""Which company and which role a message is about.

Subjects are short, so plain patterns read them. Bodies are long: there we look for anchor
phrases ("applying to ", " has invited you", " position") in the lower-case body with fast
substring search, then read the capitalised name or title next to each anchor in the original
text with a pattern anchored at that spot.

`common` holds what both readers share, `names` how an employer's name is cleaned and read
from a display name, `company` and `role` the two readers.
"""

from mail_sync.classifier.extract.common import lower_same_length
from mail_sync.classifier.extract.company import find_company
from mail_sync.classifier.extract.role import find_role

__all__ = ["find_company", "find_role", "lower_same_length"]
