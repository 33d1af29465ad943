"""Does a note look like it says who someone is? A gentle check, not a guarantee.

Workshop notes are a woman's own words and are kept anonymous: no names, phone numbers, email
addresses or postcodes. `identifying(text)` spots the common shapes of these so the page can
warn kindly before the note is kept. It is deliberately conservative about names (only "my
name is …", "called …" after "I'm", and a title such as Mrs or Dr before a capitalised word), so
it rarely nags about ordinary sentences; it cannot catch every name, which is why facilitators
are asked to read notes back (README, "Running a workshop").
"""

from __future__ import annotations

import re

__all__ = ["KINDS", "identifying", "warning_text"]

#: What each check looks for, in the words the warning uses.
KINDS = ("a name", "a phone number", "an email address", "a postcode")

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(\.[\w-]+)+")

# UK postcodes (the full form, outward and inward code), as the ONS/Royal Mail shapes allow:
# A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA, and GIR 0AA. Outward codes alone ("M1")
# are too often roads or other things to warn about.
POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)

# UK numbers (01…, 02…, 07…, 0800…, +44 …) of 10 or 11 digits with spaces, dashes or brackets,
# and any other international number of 8 or more digits after a +.
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+44\s?\(?0?\)?|\(?0)[\s()-]*(?:\d[\s()-]{0,2}){8,9}\d"
    r"|\+(?!44)\d{1,3}[\s()-]*(?:\d[\s()-]?){6,12}\d)(?!\d)"
)

_CAP = r"[A-Z][a-z'’-]+"
NAME = re.compile(
    r"\b(?:(?i:my|her|his|their|partner's|partner’s|mum's|mum’s)\s+(?i:name)\s+(?i:is|was|'s|’s)"
    r"|(?i:i'm|i’m|i am|she's|she’s|she is|he's|he’s|he is)\s+(?i:called)"
    r"|(?i:named|call me))\s+" + _CAP + r"|\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+" + _CAP
)

_CHECKS = (
    ("a name", NAME),
    ("a phone number", PHONE),
    ("an email address", EMAIL),
    ("a postcode", POSTCODE),
)


def identifying(text: str) -> list[str]:
    """The kinds of identifying detail `text` seems to hold, in the order of `KINDS`.

    Returns [] for a note that looks fine. Cost: linear in the length of the text.
    """
    if not text:
        return []
    return [kind for kind, pattern in _CHECKS if pattern.search(text)]


def warning_text(kinds: list[str]) -> str:
    """The gentle warning the workshop page shows, e.g. for ['a name', 'a postcode']."""
    if not kinds:
        return ""
    what = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " or " + kinds[-1]
    return (
        f"This note might include {what}. Notes stay anonymous, so please check it does not "
        "say who anyone is or where they live. You can change it with the Change button."
    )
