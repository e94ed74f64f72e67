"""Names with nothing beside them, found by how rarely English text holds the word, and the
shorthand forms of dates, ages, record numbers and addresses added with them.

Each case states what a member would notice: the identifier is gone from what the bot keeps,
and the everyday words around it, and clinical and drug words, are left as typed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.privacy import IdentifierDetector, IdentifierKind, default_detector
from bot.privacy.name_lists import load_name_lists
from bot.privacy.rare_names import RARE_ZIPF, zipf


@pytest.fixture(scope="module")
def detector() -> IdentifierDetector:
    return default_detector()


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        # A surname rare in English, alone, in any case and place.
        ("did anyone fax okonkwo's records to pulm", "did anyone fax [NAME]'s records to pulm"),
        (
            "LINDGREN refill - pharmacy says never received",
            "[NAME] refill - pharmacy says never received",
        ),
        ("#dasilva PA approved finally", "#[NAME] PA approved finally"),
        # Possessive or double-barrelled: a name at any frequency.
        ("fitzgerald's daughter faxed the POA again", "[NAME]'s daughter faxed the POA again"),
        ("the johanssons' forms are expired", "the [NAME] forms are expired"),
        ("enc for ms faulkner-hughes wont sign", "enc for [NAME] wont sign"),
        # After "named", a title, "pt" or a relative, a word English text rarely holds.
        ("pt named esperanza came in w/o her card", "pt named [NAME] came in w/o her card"),
        ("LVM for pt hallorann re labs", "LVM for pt [NAME] re labs"),
        ("pt's daughter dr lindqvist wants records", "pt's daughter dr [NAME] wants records"),
        ("pt daughter keisha called twice", "pt daughter [NAME] called twice"),
        # Initials, a surname printed in capitals before a first name, a first name before a
        # word English text has never held.
        ("call back J.R. abernathy re fmla", "call back [NAME] re fmla"),
        ("ZHANG Wei referral not scheduled", "[NAME] referral not scheduled"),
        ("oksana hrytsenko's pharmacy keeps faxing", "[NAME]'s pharmacy keeps faxing"),
    ],
)
def test_a_name_with_nothing_beside_it_is_redacted(
    detector: IdentifierDetector, text: str, redacted: str
) -> None:
    assert detector.redact(text) == redacted


@pytest.mark.parametrize(
    "text",
    [
        # Health systems, eponyms, places and authors in citations are not patients.
        "geisinger's refill protocol let RNs handle most of it",
        "ALS (lou gehrig's) equipment PAs take forever",
        "epley maneuver handout is in the shared drive",
        "Faxing discharge summaries to St. Luke's and Mercy West separately",
        "Sinsky et al., JAMIA 2020 (core EHR-use metrics)",
        "Per Runnels & Pronovost (BMJ Qual Saf 2025), we ask what can stop first",
        "sloan kettering wants the path slides mailed",
        # Drugs by brand or by their USAN stem, clinical words, EHR and chat shorthand.
        "pt ozempic PA denied again",
        "her daughter dupixent copay card expired",
        "pt tirzepatide step therapy letter",
        "pt dysphagic today, speech consult pending",
        "pt nonambulatory so home health needs the f2f",
        "pt mychart msg unanswered for 3 days",
        "pt voicemailed twice",
        "pt rescheduled again",
        "jen tmrw works for the huddle",
        "thanks esperanza for covering the front desk",
        # Found by a newcomer's attack: greetings in other languages, colleagues by first name,
        # things named, emoji codes, methods and vendors, staff's possessions.
        "gracias a todos 🙏",
        "danke, bis morgen",
        "shira & devorah from nursing",
        "welcome aboard, tavita!",
        "hey it's thuy from scheduling",
        "the new hire, kevin, starts monday",
        "jordan's idea about refill days",
        "esperanza's team did the chart prep",
        "the project is named Project Lighthouse",
        "their new tool is named Abridge",
        ":tada: refill protocol approved",
        "the gantt chart and a bland-altman plot",
        "edgepark and byram both fax daily",
        "can vasquez's team (ortho) send their template?",
        "we looked at outlook rules for the shared inbox",
        "PA needs NDC 50090-4471-0 on the form",
        "ty kevin!",
        "the aunt thing came up again at huddle",
        # Found by a second newcomer's attack.
        "we need more stapler refills and the sharps containers are full",
        "Three to five sentences, no headings, no lists.",
        "Per (Runnels & Pronovost, BMJ Qual Saf), stop comes first",
        "Order #00123 for toner",
        "Kudos to Marisol and Thuy for the huddle board",
        "Thank you Hamza, Ifeoma, Radhika & Björn",
        "Cc: Joaquin, Farrukh, Zainab, Teodora",
        "On call: Mon Ana, Tue Ben, Wed Chidi, Thu Dana",
        "Clinics in scope: Northgate, Riverside, Elm Street, Hawthorne and Kingsbury",
        "The Wolters Kluwer UpToDate license renews in March",
        "Pt education handouts in Spanish and Tagalog",
        "Bonjour à tous, merci pour votre aide",
        "Salaam all, Eid Mubarak",
        "PO #0098321 approved",
        "Payment ref 000123 to the vendor",
        "Ages 90 and up are excluded per HEDIS",
        "pt Keytruda infusions run long, Keytruda scheduling too",
        "Her husband Epic-trained the new MAs",
        "we turned 100 referrals around in a week",
        "the 0800 huddle moved",
        "our next team appt is 12/3",
        "dr. visits are down this month",
    ],
)
def test_places_eponyms_drugs_and_shorthand_are_left_as_typed(
    detector: IdentifierDetector, text: str
) -> None:
    assert detector.redact(text) == text


@pytest.mark.parametrize(
    ("text", "kind", "planted"),
    [
        ("b. 7 sept 1939, family wants hospice paperwork", IdentifierKind.DATE, "7 sept 1939"),
        (
            "pt admitted on the 14th of october, ins wants clinicals",
            IdentifierKind.DATE,
            "14th of october",
        ),
        ("she says dob nov '52 but chart has 1953", IdentifierKind.DATE, "nov '52"),
        ("DOB: 01 / 17 / 1968 typed like that", IdentifierKind.DATE, "01 / 17 / 1968"),
        ("dob 6\\2\\1959 on the handwritten form", IdentifierKind.DATE, "6\\2\\1959"),
        ("hl7 pid-7 19480315 mismatched on inbound", IdentifierKind.DATE, "19480315"),
        ("ruiz, angela 5/5/62 - refill on atorvastatin", IdentifierKind.DATE, "5/5/62"),
        ("mrs abernethy turning 100 next wk", IdentifierKind.AGE, "100"),
        ("mrs yamamoto is 95 and drove 40 min", IdentifierKind.AGE, "95"),
        ("mr ferreira, ninety-two, came in for a form", IdentifierKind.AGE, "ninety-two"),
        ("My mother, Agnieszka, was 99 when she died", IdentifierKind.AGE, "99"),
        ("policy # BCX 774 2201 93, rep couldn't find it", IdentifierKind.MRN, "BCX 774 2201 93"),
        ("case ref PA-88312-7 for the mri", IdentifierKind.MRN, "PA-88312-7"),
        ("enc 55102938 wont let me sign", IdentifierKind.MRN, "55102938"),
        ("auto-resubmit claims like #CLM7730019", IdentifierKind.MRN, "CLM7730019"),
        ("old form asks for ssn, pt wrote 611229043 in the box", IdentifierKind.SSN, "611229043"),
        (
            "home health visit at 3021 w. belmont canceled",
            IdentifierKind.ADDRESS,
            "3021 w. belmont",
        ),
        ("doi 3/2 work comp forms again", IdentifierKind.DATE, "3/2"),
        ("mri on 12/3 still not authed", IdentifierKind.DATE, "12/3"),
        ("92F w/ dementia needs a POLST", IdentifierKind.AGE, "92F"),
        ("born in 1931, daughter handles everything", IdentifierKind.AGE, "1931"),
        ("she's in her late 90s and still driving", IdentifierKind.AGE, "late 90s"),
        ("family asked for a card for her 95th birthday", IdentifierKind.AGE, "95th"),
        ("okafor 4455123 needs a new PA", IdentifierKind.MRN, "4455123"),
        ("esperanza no-showed again, 3rd time", IdentifierKind.NAME, "esperanza"),
        ("tamika came in w/o her card", IdentifierKind.NAME, "tamika"),
        ("grandma rose is asking about her cataract surgery", IdentifierKind.NAME, "rose"),
        ("pt young called again re the humira PA", IdentifierKind.NAME, "young"),
        ("patient bird states she did not receive the letter", IdentifierKind.NAME, "bird"),
        ("dr. fox never signed the home health cert", IdentifierKind.NAME, "fox"),
        ("injury date 5/5/24 for the workers comp form", IdentifierKind.DATE, "5/5/24"),
        ("fin 66120934 for the inpatient stay", IdentifierKind.MRN, "66120934"),
        ("claim 2024118830921 denied CO-16", IdentifierKind.MRN, "2024118830921"),
        ("can someone merge 00482213 and 00482231", IdentifierKind.MRN, "00482231"),
        ("lives at 87 n maple, the blue house", IdentifierKind.ADDRESS, "87 n maple"),
        ("c: 555.0177", IdentifierKind.PHONE, "555.0177"),
        ("pt yusuf, 90, has appt", IdentifierKind.AGE, "90"),
        ("turns 90 next wk, family asking about the AWV", IdentifierKind.AGE, "90"),
        ("her appt on 12/3 got cancelled", IdentifierKind.DATE, "12/3"),
        ("last seen 3/4/24 so she needs a visit", IdentifierKind.DATE, "3/4/24"),
        ("dob 1931 per daughter", IdentifierKind.AGE, "1931"),
        ("pt is over 90 and lives alone", IdentifierKind.AGE, "90"),
        ("miller's PA expired", IdentifierKind.NAME, "miller"),
        ("davis family wants a family mtg", IdentifierKind.NAME, "davis"),
        ("pt J Smith refill", IdentifierKind.NAME, "J Smith"),
        ("called back maria g. re: insulin", IdentifierKind.NAME, "maria g."),
        ("#4471902 refill stuck", IdentifierKind.MRN, "4471902"),
        ("M/92 w CHF", IdentifierKind.AGE, "92"),
        ("dob 041258 per pt", IdentifierKind.DATE, "041258"),
        ("seen in ED on 2/28/24", IdentifierKind.DATE, "2/28/24"),
        ("ssn 123 45 6789", IdentifierKind.SSN, "123 45 6789"),
        ("ＳＳＮ １２３-４５-６７８９", IdentifierKind.SSN, "１２３-４５-６７８９"),
        ("PO Box 1234, Fresno CA 93721", IdentifierKind.ADDRESS, "93721"),
        ("jane.doe AT gmail.com", IdentifierKind.EMAIL, "jane.doe"),
        ("jdoe@gmail", IdentifierKind.EMAIL, "jdoe"),
        ("mary dot k at yahoo dot com", IdentifierKind.EMAIL, "mary dot k"),
        ("npi 123-456-7893", IdentifierKind.NPI, "123-456-7893"),
        (
            "lot 44, sunnybrook mobile home park - DME needs gate code",
            IdentifierKind.ADDRESS,
            "lot 44, sunnybrook mobile home park",
        ),
    ],
)
def test_shorthand_dates_ages_numbers_and_addresses_are_redacted(
    detector: IdentifierDetector, text: str, kind: IdentifierKind, planted: str
) -> None:
    assert kind in {finding.kind for finding in detector.find(text)}
    assert planted not in detector.redact(text)


@pytest.mark.parametrize(
    "text",
    [
        "o2 sat was 95 and stable",
        "bp is 95/60 after fluids",
        "staff mtg moved to 1/15",
        "we turned 100 referrals around in a week",
        "400 west wing elevator is down",
        "10 minutes down the road",
        "claims like the ones from 2023 need a modifier",
        "ran 92m on the treadmill test",
        "born in 1961, so medicare kicks in soon",
        "MRI template changes on 1/5",
        "the ct scanner is down again",
        "saved 120000 clicks a year",
        "jen fell behind on the inbox",
        "grace said the portal is back up",
    ],
)
def test_figures_that_are_not_a_patients_are_left_as_typed(
    detector: IdentifierDetector, text: str
) -> None:
    assert detector.redact(text) == text


def test_a_slack_mailto_link_keeps_its_separator(detector: IdentifierDetector) -> None:
    assert detector.redact("<mailto:jane.doe@example.com|jane.doe@example.com>") == (
        "<mailto:[EMAIL]|[EMAIL]>"
    )


def test_a_long_dotted_run_is_not_searched_as_a_link_but_a_long_link_is_redacted(
    detector: IdentifierDetector,
) -> None:
    """Presidio's bare-URL pattern backtracks for seconds over "a.a.a..." (a numbered list,
    ellipses): such runs are not links; a pasted link with a scheme is redacted whatever its
    length (benchmarks/identifier_worst_case.py measures the time)."""
    dotted = "a." * 600
    assert detector.redact(dotted) == dotted
    link = "https://portal.example.org/chart?" + "x=1&" * 400 + "mrn=4471902"
    assert detector.redact(f"see {link} ok") == "see [URL] ok"


def test_a_name_found_once_is_redacted_wherever_it_stands_and_in_its_list(
    detector: IdentifierDetector,
) -> None:
    assert detector.redact("lupe's daughter is on the phone, says lupe fell last night") == (
        "[NAME]'s daughter is on the phone, says [NAME] fell last night"
    )
    assert detector.redact("need sigs on forms for stone, price and kealoha before 4") == (
        "need sigs on forms for [NAME], [NAME] and [NAME] before 4"
    )
    # A colleague list with no patient in it stays.
    assert detector.redact("thanks jen, maria and tom for covering") == (
        "thanks jen, maria and tom for covering"
    )


def test_a_name_recurs_only_as_itself_not_as_the_everyday_word(
    detector: IdentifierDetector,
) -> None:
    assert detector.redact("Dr Will said we will vote Friday") == (
        "[NAME] said we will vote Friday"
    )
    assert detector.redact("Mr Coffee broke again, we need a new coffee machine") == (
        "[NAME] broke again, we need a new coffee machine"
    )


def test_a_date_beside_a_patients_date_is_the_patients_too(detector: IdentifierDetector) -> None:
    assert detector.redact("pt says bday is 1.2.47, chart says 1.2.74") == (
        "pt says bday is [DATE], chart says [DATE]"
    )


def test_a_count_beside_a_name_stays_a_count(detector: IdentifierDetector) -> None:
    assert detector.redact("dr patel signed 1200000 orders last year") == (
        "dr [NAME] signed 1200000 orders last year"
    )


COMMON_WORDS = [
    word
    for word in sorted(load_name_lists().words)
    if word.isalpha() and word.islower() and len(word) >= 4 and zipf(word) >= RARE_ZIPF + 1
]


@settings(max_examples=300, deadline=None)
@given(word=st.sampled_from(COMMON_WORDS))
def test_an_everyday_word_alone_in_a_message_is_never_read_as_a_name(word: str) -> None:
    """Second computation, by property: whatever everyday word (in philter's word list and
    common in English text) stands where a rare surname would, the rule leaves it."""
    text = f"the {word} thing came back again today"
    assert IdentifierKind.NAME not in {f.kind for f in default_detector().find(text)}
