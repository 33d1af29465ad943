"""Every code people may see has its words (and groups their colour and shape) in labels.py."""

from journeymap import labels
from journeymap.vocab import GROUPS, LINK_KINDS, OFFER_TAGS, SERVICE_TYPES, STAGES


def test_every_code_has_its_words():
    assert set(labels.TYPE_LABELS) == set(SERVICE_TYPES)
    assert set(OFFER_TAGS) <= set(labels.OFFER_LABELS)
    assert set(labels.GROUP_LABELS) == set(GROUPS)
    assert set(labels.KIND_LABELS) == set(labels.KIND_HINTS) == set(LINK_KINDS)
    assert set(labels.STAGE_WORDS) == set(STAGES)


def test_one_palette_with_a_colour_and_a_shape_per_group():
    assert set(labels.GROUP_COLOURS) == set(labels.GROUP_SYMBOLS) == set(GROUPS)
    assert len(set(labels.GROUP_COLOURS.values())) == len(GROUPS)
    assert len(set(labels.GROUP_SYMBOLS.values())) == len(GROUPS)


def test_the_text_helpers():
    assert labels.plural(1, "service") == "1 service"
    assert labels.plural(3, "woman", "women") == "3 women"
    assert labels.join_words(["A", "B", "C"]) == "A, B and C"
    assert labels.did_you_mean("midwife", ("midwifery", "gp")) == " (did you mean 'midwifery'?)"
    assert labels.did_you_mean("zzz", ("gp",), otherwise="one of: gp") == " (one of: gp)"
    assert labels.short_name("Recovery Partnership - Central Hub", 16) == "Recover…tral Hub"
    assert labels.offer_label("women_only_group") == "a women-only group"
    assert labels.type_label("custom_type") == "custom_type"
