"""The grammar of a minimum-standards rule (the `rule` column of `standards.csv`).

A checklist is edited by hand, so each rule is checked, with a hint for a typo, when the
checklist is read; scoring (`analyse.standards`) then trusts the normalised rule it is given.

Rules (DESIGN §4): `service:TYPES[:women_only]` (women from the area can use such a service),
`offer:TAGS[@SCOPE]` (a treatment service in scope offers one of the tags; SCOPE is
`community`, the default, `residential` or `any`), `pathway:TYPES:TYPES` (a route of at most one
hand-off joins the two kinds of service; `link:` is read as the same), where TYPES and TAGS are
`|`-separated and a group name (e.g. `treatment`) stands for all its types. The normalised rule
always names its scope (`offer:idva@community`) and writes `pathway:`.
"""

from __future__ import annotations

from journeymap.labels import did_you_mean
from journeymap.vocab import GROUPS, OFFER_TAGS, SERVICE_TYPES, normalise_token

__all__ = ["OFFER_SCOPES", "RULE_FORMS", "RULE_PARTS", "TYPE_OR_GROUP", "parse_rule"]

#: What may stand where a rule names kinds of service: a service type, or a group of them.
TYPE_OR_GROUP = (*SERVICE_TYPES, *GROUPS)
#: Each kind of rule and how many `:`-separated parts it has (fewest, most).
RULE_PARTS: dict[str, tuple[int, int]] = {"service": (2, 3), "offer": (2, 2), "pathway": (3, 3)}
#: Where an offer rule looks (DESIGN §4): the area's own community treatment unless it says.
OFFER_SCOPES = ("community", "residential", "any")
#: How each kind of rule is written, for the message when one is not.
RULE_FORMS: dict[str, str] = {
    "service": "service:TYPES or service:TYPES:women_only",
    "offer": "offer:TAGS or offer:TAGS@community|residential|any",
    "pathway": "pathway:TYPES:TYPES",
}


def parse_rule(text: str) -> tuple[str, str | None]:
    """Check a standards rule; returns (normalised rule, error message or None).

    The normalised rule has its kind and every value as `vocab.normalise_token` makes them
    (`service:Drug Alcohol Treatment` → `service:drug_alcohol_treatment`). Cost: O(len(text)),
    plus a close-match search when a value is unknown.
    """
    parts = [p.strip() for p in text.strip().split(":")]
    kind = "pathway" if parts[0].lower() == "link" else parts[0].lower()
    if kind not in RULE_PARTS:
        return text, f"rule '{text}' must start with service:, offer: or pathway:"
    low, high = RULE_PARTS[kind]
    if not low <= len(parts) <= high:
        return text, f"rule '{text}' should look like {RULE_FORMS[kind]}"
    if kind == "service" and len(parts) == 3 and normalise_token(parts[2]) != "women_only":
        return text, f"rule '{text}': the third part may only be 'women_only'"
    scope = ""
    if kind == "offer":
        parts[1], _, scope = parts[1].partition("@")
        scope = normalise_token(scope) if scope.strip() else "community"
        if scope not in OFFER_SCOPES:
            hint = did_you_mean(scope, OFFER_SCOPES, otherwise="community, residential or any")
            return text, f"rule '{text}': the scope '{scope}' is not one journeymap knows{hint}"
    lists = parts[1:3] if kind == "pathway" else parts[1:2]
    vocab: tuple[str, ...] = OFFER_TAGS if kind == "offer" else TYPE_OR_GROUP
    for values in lists:
        for raw in values.split("|"):
            if normalise_token(raw) not in vocab:
                what = "an offer tag" if kind == "offer" else "a service type or group"
                return text, f"rule '{text}': '{raw}' is not {what}{did_you_mean(raw, vocab)}"
    normal = [kind] + ["|".join(normalise_token(v) for v in p.split("|")) for p in parts[1:]]
    return ":".join(normal) + (f"@{scope}" if scope else ""), None
