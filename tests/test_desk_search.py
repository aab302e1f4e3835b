"""The search index on its own: folding, classes, cards, order and counting."""

from __future__ import annotations

import uuid

from office_app.desk.search import COUNT_LIMIT, IndexRow, SearchIndex, class_label, fold


def index_of(*names: str) -> tuple[SearchIndex, dict[str, uuid.UUID]]:
    ids = {name: uuid.uuid4() for name in names}
    rows = [
        IndexRow(ids[name], name, "5.B" if number % 2 else "7.A", (f"44{number:05d}",))
        for number, name in enumerate(names)
    ]
    return SearchIndex(rows), ids


def test_folding_matches_danish_letters_spelled_out_or_plain_and_accents() -> None:
    assert fold("Søren Ærø-Åby") == ("soeren aeroe-aaby", "soren aro-aby")
    assert fold("  ZOË   Müller ") == ("zoe muller", "zoe muller")


def test_class_labels_in_any_everyday_form() -> None:
    assert [class_label(text) for text in ("5b", "5 B", "5.B", " 10.c ", "0.A")] == [
        "5.B",
        "5.B",
        "5.B",
        "10.C",
        "0.A",
    ]
    assert class_label("Bo") is None
    assert class_label("55") is None


def test_every_word_must_be_found_in_name_order() -> None:
    index, ids = index_of("Søren Hansen", "Anna Sørensen", "Bo Hansen", "Åse Holm")
    hits = index.search("sør")
    assert hits.student_ids == (ids["Anna Sørensen"], ids["Søren Hansen"])
    assert hits.total == 2
    assert index.search("hansen so").student_ids == (ids["Søren Hansen"],)
    assert index.search("aase").student_ids == (ids["Åse Holm"],)
    assert index.search("ase").student_ids == (ids["Åse Holm"],)
    assert index.search("xyz").total == 0
    assert index.search("   ").total == 0


def test_classes_and_cards() -> None:
    index, ids = index_of("Søren Hansen", "Anna Sørensen", "Bo Hansen")
    assert set(index.search("5b").student_ids) == {ids["Anna Sørensen"]}
    assert index.search("4400002").student_ids == (ids["Bo Hansen"],)
    assert index.student_for_card("4400000") == ids["Søren Hansen"]
    assert index.name_for_card("4400001") == "Anna Sørensen"
    assert index.student_for_card("9999999") is None


def test_a_page_is_shown_and_counting_stops_at_the_limit() -> None:
    names = [f"Barn {number:05d}" for number in range(60 + COUNT_LIMIT)]
    index, ids = index_of(*names)
    hits = index.search("barn", limit=50)
    assert len(hits.student_ids) == 50
    assert hits.student_ids[0] == ids["Barn 00000"]
    assert hits.more and hits.total == 50 + COUNT_LIMIT
    few = index.search("barn 0000")
    assert (few.total, few.more) == (10, False)


def test_guardians_emails_pupil_numbers_and_a_name_with_a_class_find_children() -> None:
    ids = {name: uuid.uuid4() for name in ("Oscar Berg", "Oscar Holm", "Ida Holm", "Bo Nygaard")}
    index = SearchIndex(
        [
            IndexRow(ids["Oscar Berg"], "Oscar Berg", "5.B", ("4400001",), "100231 Lene Berg"),
            IndexRow(ids["Oscar Holm"], "Oscar Holm", "3.A", (), "100232 Jens Holm jens@holm.dk"),
            IndexRow(ids["Ida Holm"], "Ida Holm", "5.B", (), "100233 Jens Holm jens@holm.dk"),
            IndexRow(ids["Bo Nygaard"], "Bo Nygaard", "5.B", (), "E-77 Søs Østergård"),
        ]
    )
    assert index.search("oscar 5b").student_ids == (ids["Oscar Berg"],)
    assert index.search("5.B oscar").student_ids == (ids["Oscar Berg"],)
    assert index.search("holm 5b").student_ids == (ids["Ida Holm"],)
    assert index.search("oscar").total == 2
    assert set(index.search("jens@holm").student_ids) == {ids["Oscar Holm"], ids["Ida Holm"]}
    assert index.search("lene").student_ids == (ids["Oscar Berg"],)
    assert index.search("soes oestergaard").student_ids == (ids["Bo Nygaard"],)
    assert index.search("100232").student_ids == (ids["Oscar Holm"],)
    assert index.search("e-77").student_ids == (ids["Bo Nygaard"],)
    assert index.search("4400001").student_ids == (ids["Oscar Berg"],)
    assert index.search("oscar 7c").total == 0


def test_a_childs_own_name_comes_before_children_found_through_a_guardian() -> None:
    ids = {name: uuid.uuid4() for name in ("Anna Dahl", "Bo Jensen", "Carl Dahl")}
    index = SearchIndex(
        [
            IndexRow(ids["Bo Jensen"], "Bo Jensen", "1.A", (), "Mette Dahl"),
            IndexRow(ids["Anna Dahl"], "Anna Dahl", "1.A", (), "Per Dahl"),
            IndexRow(ids["Carl Dahl"], "Carl Dahl", "2.A", (), "Per Dahl"),
        ]
    )
    assert index.search("dahl").student_ids == (
        ids["Anna Dahl"],
        ids["Carl Dahl"],
        ids["Bo Jensen"],
    )
