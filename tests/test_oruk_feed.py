"""A council's Open Referral UK 1.0 feed as councils publish it (tests/data/oruk_feed.json, made
by tests/make_oruk_feed.py): one JSON file of 206 active services, HTML descriptions, a pasted
base64 image, Placecube audience codes, few taxonomy terms, false friends, no links.

The labels below are this project's own, by hand, from each service's name and description:
what a commissioner would call it (a service type of the data contract, or '-' for a service
on no woman's drug and alcohol journey, which the import should leave out), and '+w' / '+m'
for a service for women only or men only. The typing is measured against them.
"""

import json
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from journeymap import load_map
from journeymap.read.oruk import import_oruk
from journeymap.read.write import map_files
from journeymap.vocab import TREATMENT_TYPES

FEED = Path(__file__).parent / "data" / "oruk_feed.json"

LABELS = {
    "Brackenford Recovery Hub": "drug_alcohol_treatment",
    "Oakley Alcohol Service": "drug_alcohol_treatment",
    "The Harbour": "drug_alcohol_treatment",
    "Women's Recovery Group": "drug_alcohol_treatment+w",
    "Youth Substance Misuse Team": "drug_alcohol_treatment",
    "Needle Exchange at Castle Pharmacy": "drug_alcohol_treatment",
    "Brackenford Alcoholics Anonymous": "peer_support",
    "Narcotics Anonymous Brackenford": "peer_support",
    "SMART Recovery Oakley": "peer_support",
    "Recovery Café": "peer_support",
    "Hillside Residential Rehab": "residential_rehab",
    "Ward 7 Detox Unit": "inpatient_detox",
    "The Nelson Project": "drug_alcohol_treatment+w",
    "Family Drug and Alcohol Court": "family_court",
    "Alcohol Care Team at Brackenford General Hospital": "hospital",
    "Drink Wise Age Well": "drug_alcohol_treatment",
    "Dual Diagnosis Service": "mental_health",
    "Addiction Counselling Brackenford": "drug_alcohol_treatment",
    "Gambling Support Service": "-",
    "Families Affected by Drink and Drugs Support Group": "peer_support",
    "Brackenford Women's Aid": "domestic_abuse+w",
    "Safe Haven Refuge": "domestic_abuse+w",
    "Brackenford IDVA Service": "domestic_abuse",
    "Freedom Programme Oakley": "domestic_abuse+w",
    "Men's Domestic Abuse Helpline": "domestic_abuse+m",
    "Male Survivors Partnership": "domestic_abuse+m",
    "National Domestic Abuse Helpline": "domestic_abuse+w",
    "Rainbow Domestic Abuse Service": "domestic_abuse",
    "Sanctuary Scheme": "domestic_abuse",
    "Children and Young People's Domestic Abuse Support": "domestic_abuse",
    "Domestic Abuse One Stop Shop": "domestic_abuse",
    "Forced Marriage and Honour Abuse Service": "domestic_abuse",
    "Change Programme for Men": "domestic_abuse+m",
    "Brackenford Rape Crisis": "sexual_violence+w",
    "Sexual Assault Referral Centre": "sexual_violence",
    "ISVA Service": "sexual_violence",
    "Male Survivors of Sexual Abuse Group": "sexual_violence+m",
    "Brackenford Women's Centre": "womens_centre+w",
    "Oakley Women's Centre": "womens_centre+w",
    "Women's Health Hub": "womens_health_hub+w",
    "Asian Women's Group": "by_and_for+w",
    "Black Women's Wellbeing Circle": "by_and_for+w",
    "Migrant Women's Project": "by_and_for+w",
    "One25 Outreach": "outreach+w",
    "Women in Prison Support": "-+w",
    "Ladies' Swimming Session": "-+w",
    "Mothers' Union Brackenford": "-",
    "Women's Institute Oakley": "-+w",
    "Girlguiding Brackenford": "-+w",
    "Menopause Café": "-+w",
    "Riverside Surgery": "gp",
    "Castle Street Medical Centre": "gp",
    "Oakley Health Centre": "gp",
    "Hillview Family Practice": "gp",
    "The Elms Surgery": "gp",
    "Northgate Group Practice": "gp",
    "Homeless Health Service": "gp",
    "Castle Pharmacy": "pharmacy",
    "Boots Pharmacy Market Street": "pharmacy",
    "Oakley Chemist": "pharmacy",
    "Brackenford General Hospital": "hospital",
    "A&E at Brackenford General": "hospital",
    "Oakley Urgent Treatment Centre": "hospital",
    "Brackenford Sexual Health Clinic": "sexual_health",
    "Contraception and Sexual Health Outreach": "sexual_health",
    "HIV Support Brackenford": "peer_support",
    "Community Midwives Brackenford": "midwifery+w",
    "Specialist Substance Use Midwife": "midwifery+w",
    "Maternity Unit": "midwifery+w",
    "Brackenford Talking Therapies": "mental_health",
    "Mind in Brackenford": "mental_health",
    "Crisis Café": "mental_health",
    "Suicide Prevention Helpline": "mental_health",
    "Perinatal Mental Health Team": "mental_health+w",
    "Community Mental Health Team North": "mental_health",
    "Eating Disorders Service": "mental_health",
    "Bereavement Counselling": "mental_health",
    "Art Therapy Group": "-",
    "Brackenford Probation Office": "probation",
    "Women's Probation Hub": "probation+w",
    "HMP Eastwood": "prison+w",
    "Liaison and Diversion Service": "police_custody",
    "Prison Visitors' Centre": "-",
    "Prisoners' Families Helpline": "-",
    "Youth Offending Team": "-",
    "Brackenford Children's Services": "childrens_social_care",
    "Children's Social Care Front Door": "childrens_social_care",
    "Brackenford Early Help": "early_help",
    "Northgate Family Hub": "early_help",
    "Oakley Family Hub": "early_help",
    "Hillview Children's Centre": "early_help",
    "Pause Brackenford": "post_removal_support+w",
    "Health Visiting Service": "-",
    "Parenting Course: Incredible Years": "-",
    "Brackenford Housing Options": "housing",
    "St Anne's Hostel": "housing",
    "Night Shelter": "housing",
    "Young People's Supported Housing": "housing",
    "Women's Supported Housing": "housing+w",
    "Rough Sleeper Outreach Team": "outreach",
    "Homeless Prevention Advice": "housing",
    "Brackenford Street Outreach": "outreach",
    "Assertive Outreach for Women": "outreach+w",
    "Peer Mentor Project": "peer_support",
    "Recovery Champions": "peer_support",
    "Mums in Recovery": "peer_support+w",
    "Hearing Voices Group": "peer_support",
    "Cocaine Anonymous": "peer_support",
    "Brackenford Bowls Club": "-",
    "Memory Lane Dementia Café": "-",
    "Tree Surgery Apprenticeships": "-",
    "Brackenford Community Transport": "-",
    "Hospital Transport Service": "-",
    "GPS Fall Alarms and Telecare": "-",
    "Gender Recognition Panel Surgery": "-",
    "Brackenford Food Bank": "-",
    "Oakley Community Pantry": "-",
    "Citizens Advice Brackenford": "-",
    "Debt Advice Surgery": "-",
    "Councillor Surgery Northgate": "-",
    "MP's Advice Surgery": "-",
    "Legal Advice Surgery": "-",
    "Benefits Advice Line": "-",
    "Brackenford Library": "-",
    "Walking for Health": "-",
    "Community Choir": "-",
    "Northgate Youth Club": "-",
    "Tuesday Lunch Club": "-",
    "Carers' Support Centre": "-",
    "Job Club": "-",
    "ESOL Classes": "-",
    "Oakley Allotment Society": "-",
    "Men's Shed Brackenford": "-+m",
    "Dads' Group": "-+m",
    "Baby and Toddler Group": "-",
    "Parkrun Brackenford": "-",
    "Learn to Swim": "-",
    "Watercolour Class": "-",
    "Befriending Service": "-",
    "Hearing Support Service": "-",
    "Sight Loss Advice": "-",
    "Autism Family Support": "-",
    "Wheelchair Service": "-",
    "Blue Badge Scheme": "-",
    "Council Tax Support": "-",
    "Dog Walking Volunteers": "-",
    "Repair Café": "-",
    "Computer Club for Over 60s": "-",
    "University of the Third Age": "-",
    "Scouts Brackenford": "-",
    "Stroke Rehabilitation Unit": "-",
    "Physiotherapy Service": "-",
    "Podiatry Clinic": "-",
    "Brackenford Hospice": "-",
    "Hospital Radio Brackenford": "-",
    "Friends of Brackenford Hospital": "-",
    "Stop Smoking Service": "-",
    "Weight Management Programme": "-",
    "NHS Health Checks": "-",
    "Diabetes Education": "-",
    "Veterans' Support": "-",
    "Refugee Advice Centre": "-",
    "LGBTQ+ Youth Group": "-",
    "Trans Support Group": "peer_support",
    "Learning Disability Day Centre": "-",
    "Adult Social Care": "-",
    "Occupational Therapy": "-",
    "Furniture Reuse Project": "-",
    "Credit Union": "-",
    "Warm Spaces": "-",
    "Energy Advice": "-",
    "Volunteer Centre": "-",
    "Cycling Without Age": "-",
    "Bike Repair Workshop": "-",
    "Northgate Community Garden": "-",
    "Brackenford Community Hub": "-",
    "Chess Club": "-",
    "Knit and Natter": "-",
    "Foodbank Delivery Drivers": "-",
    "Home From Hospital Service": "-",
    "Falls Prevention Classes": "-",
    "Women and Men's Mental Health Peer Group": "mental_health",
    "Parent and Baby Swimming": "-",
    "Young Carers Project": "-",
    "Sexual Health Outreach for Sex Workers": "sexual_health",
    "Hepatitis C Testing": "drug_alcohol_treatment",
    "Brackenford Samaritans": "mental_health",
    "Child Bereavement Support": "-",
    "Relate Relationship Counselling": "mental_health",
    "Anxiety UK Support Group": "peer_support",
    "Young Minds Drop-In": "mental_health",
    "Postnatal Depression Support": "mental_health+w",
    "Birth Trauma Support": "peer_support+w",
    "Miscarriage Support Group": "peer_support",
    "Brackenford Doulas": "-+w",
    "Housing Support for Women Leaving Prison": "housing+w",
    "Probation Approved Premises": "probation",
    "Court Support Volunteers": "-",
    "Victim Support": "-",
    "Police Custody Healthcare": "police_custody",
    "Street Pastors": "-",
    "Stalking Advocacy Service": "domestic_abuse",
    "Honour Abuse Helpline for Women": "domestic_abuse+w",
    "Sikh Women's Aid": "domestic_abuse+w",
    "Somali Women's Network": "by_and_for+w",
    "Women's Aid Drop-in at Oakley Family Hub": "domestic_abuse+w",
}


def _label(name: str) -> tuple[str, str]:
    """(type or '-', 'women' / 'men' / '')."""
    label = LABELS[name]
    stype, _, who = label.partition("+")
    return stype, {"w": "women", "m": "men", "": ""}[who]


def _measure(services) -> dict[str, float]:
    """Precision over kept services; recall per group of the services labelled in it."""
    kept = {s.name: s for s in services}
    right = sum(1 for name, s in kept.items() if _label(name)[0] == s.type)
    groups = {
        "treatment": lambda t, w: t in TREATMENT_TYPES,
        "domestic_abuse": lambda t, w: t == "domestic_abuse",
        "womens": lambda t, w: w == "women" and t != "-",
    }
    out = {"precision": right / len(kept), "kept": len(kept)}
    for group, member in groups.items():
        wanted = [n for n in LABELS if member(*_label(n)) and _label(n)[1] != "men"]
        if group == "womens":
            found = [n for n in wanted if n in kept and kept[n].women_only]
        else:
            found = [n for n in wanted if n in kept and member(kept[n].type, "")]
        out[group] = len(found) / len(wanted)
    return out


@pytest.fixture(scope="module")
def imported():
    return import_oruk(FEED, area="Brackenford")


def test_the_labels_cover_every_service_of_the_feed():
    items = json.loads(FEED.read_text(encoding="utf-8"))["content"]
    active = [i["name"] for i in items if i["status"] == "active"]
    assert len(active) >= 200
    assert sorted(active) == sorted(LABELS)


def test_typing_precision_and_recall_on_the_labelled_feed(imported):
    measured = _measure(imported.smap.services)
    print(f"\nmeasured on {FEED.name}: {measured}")  # quoted in README (pytest -s)
    assert measured["precision"] >= 0.90
    assert measured["treatment"] >= 0.80
    assert measured["domestic_abuse"] >= 0.80
    assert measured["womens"] >= 0.80


def test_no_men_only_service_is_typed_women_only_even_with_keep_all(imported):
    everything = import_oruk(FEED, area="Brackenford", keep_all=True).smap.services
    men = [s for s in everything if _label(s.name)[1] == "men"]
    assert len(men) == 6
    assert not [s.name for s in men if s.women_only]
    # Of the services kept, every one marked women-only is; kept with --keep-all, the feed's
    # own audience code 'Women' on the Mothers' Union (open to all) is the one mistake.
    kept = imported.smap.services
    assert [s.name for s in kept if s.women_only and _label(s.name)[1] != "women"] == []
    assert [s.name for s in everything if s.women_only and _label(s.name)[1] != "women"] == [
        "Mothers' Union Brackenford"
    ]


def test_men_only_services_are_left_out_unless_keep_all(imported):
    left = {r.name: r.reason for r in imported.left_out}
    assert left["Men's Domestic Abuse Helpline"] == (
        "it is for men only (--keep-all keeps men-only services)"
    )
    everything = import_oruk(FEED, area="Brackenford", keep_all=True)
    kept = {s.name: s for s in everything.smap.services}
    assert kept["Men's Domestic Abuse Helpline"].type == "domestic_abuse"
    assert not kept["Men's Domestic Abuse Helpline"].women_only
    assert kept["Men's Domestic Abuse Helpline"].extra["gender_from"] == (
        "men only: audience 'Men'"
    )


@pytest.mark.parametrize(
    "name",
    [
        "Suicide Prevention Helpline",  # mentions prison: not a prison
        "Brackenford Community Transport",  # to hospital: not a hospital
        "GPS Fall Alarms and Telecare",  # GPS: not a GP
        "Gender Recognition Panel Surgery",  # an advice "surgery": not a GP
        "Brackenford Food Bank",  # a voucher from your GP: not a GP
        "Tree Surgery Apprenticeships",
        "Brackenford Bowls Club",  # "good for your mental health": not a mental health service
        "Memory Lane Dementia Café",
        "Home From Hospital Service",
        "Prisoners' Families Helpline",
    ],
)
def test_false_friends_are_not_given_a_place_type(imported, name):
    kept = {s.name: s for s in imported.smap.services}
    expected, _ = _label(name)
    if expected == "-":
        assert name not in kept
        reason = {r.name: r.reason for r in imported.left_out}[name]
        assert reason.startswith("it matches no type of service on a woman's journey")
    else:
        assert kept[name].type == expected


def test_a_list_naming_women_and_men_is_not_women_only(imported):
    kept = {s.name: s for s in imported.smap.services}
    assert kept["The Harbour"].extra["oruk_audiences"] == "Adults; Women; Men"
    assert not kept["The Harbour"].women_only
    assert not kept["Women and Men's Mental Health Peer Group"].women_only
    assert kept["Brackenford Women's Aid"].women_only
    assert kept["Brackenford Women's Aid"].extra["gender_from"] == "women only: audience 'Women'"


def test_every_kept_service_says_why_it_has_its_type(imported):
    whys = Counter(s.extra["type_from"].split(" ")[0] for s in imported.smap.services)
    assert set(whys) <= {"term", "keyword"}
    assert whys["term"] == sum(1 for s in imported.smap.services if s.extra["oruk_terms"])
    assert imported.by_keyword == whys["keyword"]


def test_html_is_plain_text_and_the_pasted_image_is_a_warning(imported):
    kept = {s.name: s for s in imported.smap.services}
    centre = kept["Brackenford Women's Centre"]
    assert centre.description == (
        "Welcome!\n\nBrackenford Women's Centre\n\n- A women-only space offering advice, "
        "courses, counselling and a drop-in every weekday"
    )
    lists = kept["Oakley Alcohol Service"].description
    assert lists == (
        "Oakley Alcohol Service\n\n- Support to cut down or stop drinking, with one-to-one "
        "sessions and community detox\n- You can be referred by your GP or the hospital"
    )
    assert not any("<" in s.description or "&nbsp;" in s.description for s in kept.values())
    (told,) = [str(w) for w in imported.warnings if "characters of HTML" in w.message]
    assert told.startswith(f"{FEED}:1: warning: record 38 (id ")
    assert told.endswith(
        "): the description is 143,570 characters of HTML (with inline images or markup); "
        "imported as 124 characters of plain text"
    )


def test_the_summary_and_left_out_csv(run_cli, tmp_path):
    out = tmp_path / "map"
    result = run_cli("import-oruk", FEED, "--out", out, "--area", "Brackenford")
    assert result.code == 0, result.err
    text = result.out.decode()
    assert text.splitlines()[0] == (
        f"Imported 109 services from 60 organisations (Open Referral saved API pages) into {out}: "
        "services.csv, links.csv, left-out.csv."
    )
    assert text.splitlines()[1:5] == [
        "Kept by group: treatment 11, health 34, safety 17, women's organisations 6, justice 7, "
        "family and children 8, other 26.",
        "Women-only: 31 services found (the gender_from column says why; check the rest of "
        "women_only by hand).",
        "Typed by keyword: 96 services, from a word in the name or description rather than a "
        "taxonomy term: worth a look (type_from says which word).",
        "Left out: 99 entries (no type on a woman's journey 91, men only 6, inactive or defunct "
        f"2); each is listed with its reason in {out}/left-out.csv (--keep-all keeps those of "
        "no type as 'other', and men-only ones).",
    ]
    rows = (out / "left-out.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "oruk_id,name,provider,reason,where"
    assert len(rows) == 100
    check = run_cli("check", out)
    assert check.code == 0, check.err
    assert check.out.decode().splitlines()[1] == (
        "Brackenford: 109 services and no referral or joint-working links yet, so routes into "
        "treatment cannot be judged; add the links you know to links.csv (the report's "
        "no_links finding says how)."
    )


def test_the_feed_as_an_array_as_pages_in_a_folder_and_zipped_gives_one_map(tmp_path):
    whole = import_oruk(FEED, area="Brackenford")
    items = json.loads(FEED.read_text(encoding="utf-8"))["content"]
    array = tmp_path / "feed-array.json"
    array.write_text(json.dumps(items), encoding="utf-8")
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(3):
        part = items[n * 70 : (n + 1) * 70]
        page = {"totalElements": len(items), "number": n + 1, "content": part}
        (folder / f"page{n + 1}.json").write_text(json.dumps(page, indent=1), encoding="utf-8")
    archive = tmp_path / "pages.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(folder.iterdir()):
            z.write(path, f"saved/{path.name}")
    for source in (array, folder, archive):
        again = import_oruk(source, area="Brackenford")
        assert map_files(again.smap) == map_files(whole.smap), source


def test_the_imported_map_loads_and_reports_one_finding_for_the_area(tmp_path, run_cli):
    out = tmp_path / "map"
    assert run_cli("import-oruk", FEED, "--out", out, "--area", "Brackenford").code == 0
    smap = load_map(out)
    assert len(smap.services) == 109 and {k.kind for k in smap.links} == {"co_location"}
    report = run_cli("report", out)
    lines = report.out.decode("utf-8-sig").splitlines()
    categories = Counter(line.split(",")[1] for line in lines[1:] if line.count(",") > 3)
    assert categories["no_links"] == 1
    assert categories["silo"] == 0 and categories["missed_opportunity"] == 0


def test_a_copy_of_the_feed_beside_a_saved_root_endpoint(tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copy(FEED, folder / "services.json")
    (folder / "index.json").write_text(
        '{"version": "HSDS-UK-3.0", "profile": "https://example.org/uk-profile", '
        '"openapi_url": "https://example.org/openapi.json"}'
    )
    result = import_oruk(folder, area="Brackenford")
    assert len(result.smap.services) == 109
    assert str(result.warnings[0]) == (
        f"{folder}/index.json:1: warning: note: this is the directory API's description (its "
        "root, /, version HSDS-UK-3.0), not services; skipped"
    )


# --------------------------------------------------------------------------- held out
# Written after the rules were settled on the feed above, and labelled before the import was
# first run on them. First run: 17 of the 19 kept were right, and 7 of the 26 services on a
# woman's journey were missed (both drug and alcohol services among them: their descriptions
# said "support with drugs and alcohol" and "worried about your drinking"). The description
# phrases were then widened in general terms (README says so), giving the figures asserted
# here: so this sample is no longer held out, and the first-run figures are the honest ones.

HELD_OUT = [
    # name | audiences | description | label
    "Change Grow Live Northfield | Adults | Free support with drugs and alcohol, including prescribing and needle exchange | drug_alcohol_treatment",
    "We Are With You Eastbrook | Adults; Young people | Confidential help if you are worried about your drinking or drug use | drug_alcohol_treatment",
    "Alcohol Liaison Nurse Service | Adults | Specialist nurses at the Royal Infirmary who support patients with alcohol problems | hospital",
    "Eastbrook Recovery Community | Adults | A recovery community run by and for people in recovery from addiction | peer_support",
    "Al-Anon Family Groups | Families | For anyone whose life is affected by someone else's drinking | peer_support",
    "Northfield Women's Refuge | Women | Safe, confidential refuge accommodation for women and their children escaping domestic abuse | domestic_abuse+w",
    "Eastbrook Domestic Abuse Service | Adults | Support for anyone experiencing domestic abuse, including IDVAs and groups | domestic_abuse",
    "Respect Phoneline | Adults | A helpline for people who are worried about their own abusive behaviour towards a partner | -",
    "Galop | LGBTQ+ | Support for LGBT+ people who have experienced abuse and violence | domestic_abuse",
    "Survivors' Network Rape Crisis | Women; Girls | Counselling and advocacy for women and girls who have survived sexual violence | sexual_violence+w",
    "Northfield Women's Wellbeing Hub | Women | A women-only drop-in with a nurse, counsellor and benefits adviser | womens_centre+w",
    "Eastbrook Pakistani Women's Association | Women | A group by and for Pakistani women in Eastbrook | by_and_for+w",
    "The Willows Surgery | Everyone | GP practice. Book appointments online | gp",
    "Royal Infirmary Emergency Department | Everyone | 24-hour emergency care | hospital",
    "Lloyds Pharmacy High Street | Everyone | Prescriptions and supervised consumption | pharmacy",
    "Northfield Sexual Health Service | Everyone | STI testing and contraception clinics | sexual_health",
    "Eastbrook Maternity Services | Pregnant women | Antenatal clinics and midwife-led birth centre | midwifery+w",
    "Talking Therapies Northfield | Adults | NHS therapy for stress, anxiety and depression | mental_health",
    "Northfield Probation Delivery Unit | Adults | Probation supervision for Northfield | probation",
    "HMP Northfield | Men | A category B prison for adult men | prison+m",
    "Children's Services Duty Team | Children | Social workers for children in need and at risk | childrens_social_care",
    "Eastbrook Family Hub | Families | Family support, stay and play and health visitor clinics | early_help",
    "Housing Solutions Team | Adults | Help if you are homeless or about to lose your home | housing",
    "Northfield Women's Hostel | Women; Homeless | A hostel for single homeless women | housing+w",
    "Street Link Outreach | Homeless | Outreach workers who help people sleeping rough | outreach",
    "Eastbrook Mums' Peer Support | Women | Peer support for mothers who use or used drugs | peer_support+w",
    "Northfield Bowling Club | Older people | Crown green bowls | -",
    "Singing for the Brain | Older people; Carers | Singing sessions for people living with dementia | -",
    "Eastbrook Tree Surgeons Training | Young people | Arboriculture and tree surgery course | -",
    "Ring and Ride | Disabled people | Door-to-door bus for people who cannot use buses, to the shops, GP or hospital | -",
    "Careline Alarms | Older people | A pendant alarm that calls for help 24 hours a day | -",
    "Northfield Foodbank | Everyone | Emergency food with a voucher from your GP, school or advice centre | -",
    "Eastbrook Men's Health Group | Men | A group for men to talk about their health and wellbeing | -+m",
    "Dad Matters | Men; Parents | Support for dads in the first year | -+m",
    "Money Advice Service Eastbrook | Adults | Help with debts and budgeting | -",
    "Northfield Library Rhyme Time | Children; Parents | Songs and rhymes for under-fives | -",
    "Eastbrook Over 50s Exercise | Older people | Chair-based exercise | -",
    "Women's Cycling Group | Women | Weekend rides for women of all abilities | -+w",
    "Recovery Housing Project | Adults | Supported housing for people in recovery from drugs and alcohol | housing",
    "Northfield Drug and Alcohol Family Support | Families | Support for families of people who use drugs or alcohol | peer_support",
]


def _held_out_feed(folder: Path) -> Path:
    items = []
    for n, row in enumerate(HELD_OUT):
        name, audiences, description, _ = (c.strip() for c in row.split("|"))
        items.append(
            {
                "id": f"held-{n}",
                "name": name,
                "description": f"<p>{description}.</p>",
                "status": "active",
                "pc_targetAudience": [
                    {"id": a.strip(), "audienceType": a.strip()} for a in audiences.split(";")
                ],
            }
        )
    path = folder / "held-out.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def test_typing_on_a_held_out_sample(tmp_path):
    labels = {r.split("|")[0].strip(): r.split("|")[3].strip() for r in HELD_OUT}
    result = import_oruk(_held_out_feed(tmp_path), area="Northfield")
    kept = {s.name: s for s in result.smap.services}
    wrong = {n: (s.type, labels[n]) for n, s in kept.items() if labels[n].split("+")[0] != s.type}
    missed = sorted(
        n
        for n, label in labels.items()
        if label.split("+")[0] != "-" and "+m" not in label and n not in kept
    )
    print(
        f"\nheld out: {len(kept) - len(wrong)} of {len(kept)} kept right; wrong {wrong}; missed {missed}"
    )
    assert not [n for n, s in kept.items() if s.women_only and "+w" not in labels[n]]
    assert (len(kept), len(wrong), len(missed)) == (24, 1, 2)
    assert missed == ["Alcohol Liaison Nurse Service", "Galop"]


# --------------------------------------------------------------------------- one file's problems


def test_a_cell_still_too_long_as_text_is_cut_with_a_warning(tmp_path):
    from journeymap.read.csvtable import MAX_CELL

    feed = tmp_path / "feed.json"
    words = "Support for women who use drugs. " * 5000  # 165,000 characters of plain text
    feed.write_text(
        json.dumps([{"id": "s1", "name": "Long Recovery Service", "description": words}]),
        encoding="utf-8",
    )
    result = import_oruk(feed, area="A")
    (service,) = result.smap.services
    assert len(service.description) == MAX_CELL and service.description.endswith("…")
    assert [str(w) for w in result.warnings if "cut" in w.message] == [
        f"{feed}:1: warning: record 1 (id s1): the description is 164,999 characters, more than "
        "a cell holds (131,072); cut to fit"
    ]


def test_a_broken_feed_file_is_named_as_given_and_nothing_is_written(run_cli, tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text('[\n  {"id": "1", "name": "A",}\n]\n', encoding="utf-8")
    out = tmp_path / "map"
    result = run_cli("import-oruk", feed, "--out", out)
    assert result.code == 1 and not out.exists()
    assert result.err == (
        f"{feed}:2: this is not valid JSON (Expecting property name enclosed in double quotes)\n"
        "1 error: nothing written.\n"
    )


def test_the_benchmark_script_runs(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import bench_oruk

    feed = bench_oruk.make_feed(60, tmp_path)
    wall, cpu = bench_oruk._in_process(feed, tmp_path / "out")
    assert wall > 0 and cpu > 0
    assert len(load_map(tmp_path / "out").services) > 20
