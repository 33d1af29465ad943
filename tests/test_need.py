from mapkit import build

from journeymap.analyse import unmet_need

AREAS = b"""area,women_in_treatment,estimated_women_need,rural
A,140,610,yes
B,520,900,no
C,"1,000","1,100",no
D,,500,no
"""


def test_unmet_need_severity_follows_the_share_reached():
    m = build("tx drug_alcohol_treatment A\nt2 drug_alcohol_treatment B\n", areas_csv=AREAS)
    found = {f.area: f for f in unmet_need(m)}
    assert set(found) == {"A", "B"}  # C reaches 91%; D has no figure for women in treatment
    assert found["A"].severity == "high"  # 23%
    assert found["B"].severity == "medium"  # 58%
    assert "Only 23% of the women" in found["A"].finding
    assert "140 women in treatment against an estimated need of 610" in found["A"].evidence
    assert "470 women not reached" in found["A"].evidence
