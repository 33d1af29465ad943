"""Plain words for the workshop and journey pages.

Everything a woman in a workshop may read comes from here or from `vocab.BARRIER_LABELS`, so
the wording can be checked in one place.
"""

from __future__ import annotations

from journeymap.workshop.charts import FEELING_WORDS

__all__ = [
    "CIRCUMSTANCE_WORDS",
    "FEELING_WORDS",
    "HELPED_WORDS",
    "STAGE_WORDS",
]

STAGE_WORDS: dict[str, str] = {
    "before_help": "Before I looked for help",
    "seeking_help": "Looking for help",
    "in_treatment": "Getting help with drugs or alcohol",
    "after_treatment": "After that help",
}

HELPED_WORDS: dict[str, str] = {"yes": "Yes", "no": "No", "unsure": "Not sure"}

CIRCUMSTANCE_WORDS: dict[str, str] = {
    "pregnant": "Pregnant",
    "mother": "Looking after children",
    "children_removed": "Children not living with me",
    "domestic_abuse": "Domestic abuse",
    "criminal_justice": "Police, courts or probation",
    "sex_work": "Selling sex",
    "homeless": "No safe place to live",
    "rural": "Living in the countryside",
    "minoritised_ethnic": "From a minoritised ethnic community",
    "lgbtq": "LGBTQ+",
    "neurodivergent": "Neurodivergent",
    "disability": "Disabled",
}
