"""People: mentions linked to persons, aliases only by choice, merge, rename, split, delete and imports."""

import json
from dataclasses import replace

import pytest

from annotator.core.connection import StoreError
from annotator.core.export import layer_record, record_to_layer
from annotator.core.migrations import migrations
from annotator.core.model import Entity
from annotator.core.people import (
    JOURNALIST_ID,
    UNNAMED_SOURCE_ID,
    is_generic,
    is_proper_name,
    name_key,
    propose,
)
from annotator.core.store import Store

TEXT = ("Sergei Lavrov said talks were over. Lavrov added that he saw no ceasefire. "
        "Umerov disagreed. He said the spokesman lied.")


def at(phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return start, start + len(phrase)


@pytest.fixture
def doc(store):
    return store.add_document(TEXT).document_id


def speaker(store, doc, phrase, nth=0):
    return store.add_span(doc, "SPEAKER", *at(phrase, nth)).subject


def named(store, name):
    (person,) = [p for p in store.entities() if p.name == name]
    return person


@pytest.mark.parametrize(
    "a, b",
    [("Sergei Lavrov", "Sergey Lavrov"), ("Zelensky", "Zelenskyy"), ("Zelenskiy", "ZELENSKY"),
     ("José Álvarez", "Jose Alvarez"), ("Сергей Лавров", "Sergei Lavrov"), ("Dmitri Peskov", "Dmitry Peskov")],
)
def test_names_match_across_case_accents_and_transliteration(a, b):
    assert name_key(a) == name_key(b)


def test_different_names_do_not_match():
    assert name_key("Sergei Lavrov") != name_key("Sergei Shoigu")
    assert name_key("Lavrov") != name_key("Sergei Lavrov")
    assert name_key("Pope Pius XI") != name_key("Pope Pius XII") and name_key("Unit 11") != name_key("Unit 1")


@pytest.mark.parametrize("text", ["he", "He", "they", "it", "we", "the spokesman", "officials", "Officials", "a source",
                                  "his aide", "an unnamed source", "A Senior Official"])
def test_pronouns_and_function_words_are_generic(text):
    assert is_generic(text) and not is_proper_name(text)


@pytest.mark.parametrize("text", ["Lavrov", "Sergei Lavrov", "Ursula von der Leyen", "The Kremlin", "US", "IT Ministry"])
def test_proper_names(text):
    assert is_proper_name(text) and not is_generic(text)


def test_a_role_is_neither_generic_nor_a_proper_name():
    assert not is_generic("Russia's foreign minister") and not is_proper_name("Russia's foreign minister")


def test_the_special_speakers_exist_from_the_start(store):
    people = {p.id: p for p in store.entities()}
    assert (people[JOURNALIST_ID].name, people[JOURNALIST_ID].kind) == ("journalist", "journalist")
    assert (people[UNNAMED_SOURCE_ID].name, people[UNNAMED_SOURCE_ID].kind) == ("unnamed source", "anonymous source")
    with pytest.raises(StoreError, match="special speaker"):
        store.delete_entity(JOURNALIST_ID)


def test_an_old_store_loses_its_pronoun_aliases_and_keeps_its_links(tmp_path):
    from sqlite_utils import Database

    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m004_people")
    old.execute("INSERT INTO documents VALUES ('d', 't', NULL, NULL, ?, 'h', '{}', 'now')", [TEXT])
    old.execute("INSERT INTO annotators VALUES ('alice', 'now')")
    old.execute("INSERT INTO entities VALUES ('e', 'Sergei Lavrov', ?, 'now')", [json.dumps(["he", "Lavrov", "they"])])
    old.execute(
        "INSERT INTO spans VALUES ('s', 'd', 'alice', 'SPEAKER', ?, ?, 'he', '{}', 'e', 'manual', '{}', 'now', 'now')",
        list(at("he")),
    )
    old.conn.commit()
    old.close()
    with Store(path, user="alice") as store:
        assert store.entity("e").aliases == ("Lavrov",)
        assert store.find_entity("LAVROV").id == "e" and store.find_entity("he") is None
        assert store.span("s").entity_id == "e"
        assert {JOURNALIST_ID, UNNAMED_SOURCE_ID} <= {p.id for p in store.entities()}


def test_identifying_a_mention_adds_no_alias_unless_asked(store, doc):
    lavrov = store.create_entity("Sergei Lavrov").subject
    he = speaker(store, doc, "he")
    short = speaker(store, doc, "Lavrov", 1)
    store.identify_speaker(he, entity_id=lavrov)
    store.identify_speaker(short, "sergey lavrov")
    assert store.span(he).entity_id == store.span(short).entity_id == lavrov
    assert store.entity(lavrov).aliases == ()
    store.undo()
    store.identify_speaker(short, entity_id=lavrov, alias=True)
    assert store.entity(lavrov).aliases == ("Lavrov",)
    assert [row["action"] for row in store.change_log(1)] == ["Identify as Sergei Lavrov"]


def test_a_generic_wording_never_becomes_an_alias(store, doc):
    lavrov = store.create_entity("Sergei Lavrov").subject
    he = speaker(store, doc, "he")
    with pytest.raises(StoreError, match="could name anybody"):
        store.identify_speaker(he, entity_id=lavrov, alias=True)
    with pytest.raises(StoreError, match="could name anybody"):
        store.add_alias(lavrov, "officials")
    assert store.span(he).entity_id is None and store.entity(lavrov).aliases == ()


def test_a_new_name_makes_a_new_person_and_un_identify_works(store, doc):
    short = speaker(store, doc, "Lavrov", 1)
    store.identify_speaker(short, "Sergei Lavrov", alias=True)
    person = store.entity(store.span(short).entity_id)
    assert (person.name, person.aliases) == ("Sergei Lavrov", ("Lavrov",))
    store.set_entity(short, None)
    assert store.span(short).entity_id is None
    store.undo()
    assert store.span(short).entity_id == person.id


def test_an_alias_naming_someone_else_is_refused(store, doc):
    lavrov = store.create_entity("Sergei Lavrov", ["Lavrov"]).subject
    umerov = store.create_entity("Rustem Umerov").subject
    with pytest.raises(StoreError, match="already names Sergei Lavrov"):
        store.add_alias(umerov, "lavrov")
    with pytest.raises(StoreError, match="merge the two instead"):
        store.edit_entity(Entity(umerov, "Sergey Lavrov"))
    assert store.entity(lavrov).aliases == ("Lavrov",)


def test_rename_and_aliases_are_one_action_each_naming_the_documents_that_mention_them(store, doc):
    lavrov = store.create_entity("Sergei Lavrov", ["Lavrov"]).subject
    store.set_entity(speaker(store, doc, "Sergei Lavrov"), lavrov)
    log = len(store.change_log())
    change = store.edit_entity(replace(store.entity(lavrov), name="Sergey Viktorovich Lavrov", kind="person"))
    assert change.document_ids == {doc} and change.action == "Rename “Sergei Lavrov” to “Sergey Viktorovich Lavrov”"
    change = store.edit_entity(replace(store.entity(lavrov), aliases=("Sergei Lavrov",), note="Foreign minister"))
    assert len(store.change_log()) == log + 2
    assert store.entity(lavrov) == replace(
        store.entity(lavrov), name="Sergey Viktorovich Lavrov", aliases=("Sergei Lavrov",), kind="person",
        note="Foreign minister",
    )
    with pytest.raises(StoreError, match="kind is one of"):
        store.edit_entity(replace(store.entity(lavrov), kind="robot"))


def test_merge_moves_every_mention_in_every_layer_as_one_undo_step(store, doc):
    sergei = store.create_entity("Sergei Lavrov", kind="person").subject
    short = store.create_entity("Lavrov", ["S. Lavrov"], note="dup").subject
    mine = speaker(store, doc, "Lavrov", 1)
    store.set_entity(mine, short)
    with Store(store.path, user="bob") as bob:
        bobs = bob.add_span(doc, "SPEAKER", *at("Lavrov", 1)).subject
        bob.set_entity(bobs, short)
    log = len(store.change_log())
    store.merge_entities(sergei, short)
    assert len(store.change_log()) == log + 1
    assert store.span(mine).entity_id == store.span(bobs).entity_id == sergei
    merged = store.entity(sergei)
    assert (merged.aliases, merged.kind, merged.note) == (("Lavrov", "S. Lavrov"), "person", "dup")
    assert short not in {p.id for p in store.entities()}
    store.undo()
    assert store.span(mine).entity_id == store.span(bobs).entity_id == short
    assert store.entity(sergei).aliases == () and store.entity(short).name == "Lavrov"
    store.redo()
    assert store.span(bobs).entity_id == sergei


def test_split_off_a_wrongly_merged_mention(store, doc):
    lavrov = store.create_entity("Sergei Lavrov", ["Umerov"]).subject
    wrong = speaker(store, doc, "Umerov")
    right = speaker(store, doc, "Sergei Lavrov")
    store.set_entity(wrong, lavrov)
    store.set_entity(right, lavrov)
    change = store.split_mentions([wrong], "Rustem Umerov")
    umerov = store.entity(change.subject)
    assert umerov.name == "Rustem Umerov" and store.span(wrong).entity_id == umerov.id
    assert store.span(right).entity_id == lavrov
    store.undo()
    store.split_mentions([wrong], "Umerov")
    assert store.entity(lavrov).aliases == (), "the alias leaves with the mention it names"
    assert store.entity(store.span(wrong).entity_id).name == "Umerov"


def test_delete_only_a_person_nobody_is_identified_as(store, doc):
    lavrov = store.create_entity("Sergei Lavrov").subject
    mention = speaker(store, doc, "Lavrov", 1)
    store.set_entity(mention, lavrov)
    with pytest.raises(StoreError, match="still has 1 mention"):
        store.delete_entity(lavrov)
    store.set_entity(mention, None)
    store.delete_entity(lavrov)
    assert lavrov not in {p.id for p in store.entities()}


def test_people_count_mentions_and_claims_and_list_their_claims(store, doc):
    lavrov = store.create_entity("Sergei Lavrov").subject
    first, second = speaker(store, doc, "Sergei Lavrov"), speaker(store, doc, "Lavrov", 1)
    claims = [store.add_span(doc, "CLAIM", *at(p)).subject for p in ("talks were over", "he saw no ceasefire")]
    for mention, claim in zip((first, second), claims):
        store.set_entity(mention, lavrov)
        store.link_speaker(claim, mention)
    store.set_stance(claims[1], "ceasefire", "oppose")
    counts = {p.entity.name: (p.mentions, p.claims) for p in store.people()}
    assert counts == {"Sergei Lavrov": (2, 2), "journalist": (0, 0), "unnamed source": (0, 0)}
    found = store.claims_of(lavrov)
    assert [(c.document_id, c.claim.text, c.mention.id) for c in found] == [
        (doc, "talks were over", first), (doc, "he saw no ceasefire", second)]
    assert found[1].claim.stances[0].label == "oppose"
    assert [s.id for _, s in store.mentions_of(lavrov)] == [first, second]


def test_proposals_same_wording_then_name_then_nearest_speaker_for_a_pronoun(store, doc):
    lavrov = store.create_entity("Sergei Lavrov").subject
    umerov = store.create_entity("Rustem Umerov", ["Umerov"]).subject
    first = speaker(store, doc, "Sergei Lavrov")
    store.set_entity(first, lavrov)
    short = speaker(store, doc, "Lavrov", 1)
    named_umerov = speaker(store, doc, "Umerov")
    store.set_entity(named_umerov, umerov)
    he = speaker(store, doc, "He")
    spans = store.spans(doc)
    order = lambda span_id: [p.entity.id for p in propose(store.span(span_id), spans, store.entities())]  # noqa: E731
    assert order(short)[0] == lavrov, "Sergei Lavrov holds the mention Lavrov"
    assert order(he)[:2] == [umerov, lavrov], "nearest identified speaker before first"
    store.set_entity(short, umerov)
    spans = store.spans(doc)
    assert order(first)[0] == lavrov, "the name matches"
    store.set_entity(short, None)
    zelensky = store.add_document("Zelenskyy spoke. Zelensky left.").document_id
    z1 = store.add_span(zelensky, "SPEAKER", 0, 9).subject
    z2 = store.add_span(zelensky, "SPEAKER", 17, 25).subject
    person = store.create_entity("Volodymyr Zelenskyy", ["Zelenskyy"]).subject
    assert [p.entity.id for p in propose(store.span(z2), store.spans(zelensky), store.entities())][0] == person
    store.set_entity(z1, umerov)
    first_proposal = propose(store.span(z2), store.spans(zelensky), store.entities())[0]
    assert (first_proposal.entity.id, first_proposal.reason) == (umerov, "same wording in this article")


# imports ----------------------------------------------------------------------


def colleague_line(entity, phrase="Lavrov", nth=1, annotator="bob", span_id="b1"):
    start, end = at(phrase, nth)
    return {"text": TEXT, "annotator": annotator,
            "spans": [{"id": span_id, "start": start, "end": end, "label": "SPEAKER", "entity": entity}]}


def imported_person(store, doc, annotator="bob"):
    (span,) = store.spans(doc, annotator)
    return store.entity(span.entity_id)


def test_an_import_matches_by_id_then_by_name_and_adds_only_new_aliases(store, doc):
    lavrov = store.create_entity("Sergei Lavrov").subject
    store.import_layer(record_to_layer(colleague_line({"id": lavrov, "name": "Sergei Lavrov",
                                                       "aliases": ["Lavrov", "he"]}), "alice"))
    assert imported_person(store, doc).id == lavrov and store.entity(lavrov).aliases == ("Lavrov",)
    store.import_layer(record_to_layer(colleague_line({"id": "x1", "name": "Sergey Lavrov",
                                                       "aliases": ["Sergei Lavrov", "S. V. Lavrov"]}), "alice"))
    assert imported_person(store, doc).id == lavrov
    assert store.entity(lavrov).aliases == ("Lavrov", "S. V. Lavrov", "Sergey Lavrov"), "every spelling is kept"
    assert len([p for p in store.entities() if "lavrov" in name_key(p.name)]) == 1


def test_an_import_never_gives_a_person_another_persons_name(store, doc):
    lavrov = store.create_entity("Sergei Lavrov").subject
    umerov = store.create_entity("Rustem Umerov").subject
    store.import_layer(record_to_layer(colleague_line({"id": "x", "name": "Lavrov", "aliases": ["Rustem Umerov"]}),
                                       "alice"))
    theirs = imported_person(store, doc)
    assert theirs.id not in (lavrov, umerov), "a stray alias never makes two people one"
    assert (theirs.name, theirs.aliases) == ("Lavrov", ()) and store.entity(umerov).aliases == ()
    store.import_layer(record_to_layer(colleague_line({"id": lavrov, "name": "Sergei Lavrov",
                                                       "aliases": ["Lavrov"]}), "alice"))
    assert imported_person(store, doc).id == lavrov
    assert store.entity(lavrov).aliases == (), "Lavrov already names someone else here: ours stay apart"


def test_an_entity_reusing_our_id_for_someone_else_becomes_a_person_of_its_own(store, doc):
    putin = store.create_entity("Vladimir Putin").subject
    store.import_layer(record_to_layer(colleague_line({"id": putin, "name": "Volodymyr Zelenskyy",
                                                       "aliases": ["Zelensky", "he"], "kind": "person"}), "alice"))
    assert store.entity(putin).aliases == ()
    theirs = imported_person(store, doc)
    assert (theirs.name, theirs.aliases, theirs.kind) == ("Volodymyr Zelenskyy", ("Zelensky",), "person")
    assert theirs.id != putin


def test_a_plain_string_entity_is_that_name(store, doc):
    lavrov = store.create_entity("Sergei Lavrov").subject
    store.import_layer(record_to_layer(colleague_line("Sergey Lavrov"), "alice"))
    assert imported_person(store, doc).id == lavrov and store.entity(lavrov).aliases == ("Sergey Lavrov",)
    store.import_layer(record_to_layer(colleague_line("Rustem Umerov", "Umerov", 0, "carol", "c1"), "alice"))
    assert imported_person(store, doc, "carol").name == "Rustem Umerov"


def test_the_export_carries_id_name_aliases_and_kind(store, doc):
    mention = speaker(store, doc, "Lavrov", 1)
    store.identify_speaker(mention, "Sergei Lavrov", alias=True)
    person = store.span(mention).entity_id
    store.edit_entity(Entity(person, "Sergei Lavrov", ("Lavrov",), "person"))
    (span,) = layer_record(store, doc, "alice")["spans"]
    assert span["entity"] == {"id": person, "name": "Sergei Lavrov", "aliases": ["Lavrov"],
                              "kind": "person"}


def test_a_mention_with_titles_proposes_the_person_it_holds():
    from annotator.core.model import Entity, Span
    from annotator.core.people import likely_name, propose

    lavrov, other = Entity("p1", "Sergei Lavrov"), Entity("p2", "Rustem Umerov")
    mention = Span("s", "d", "alice", "SPEAKER", 0, 38, "Russian Foreign Minister Sergei Lavrov")
    proposals = propose(mention, [], [other, lavrov])
    assert (proposals[0].entity.id, proposals[0].reason) == ("p1", "the mention holds the name")
    assert likely_name("Russian Foreign Minister Sergei Lavrov") == "Sergei Lavrov"
    assert likely_name("Minister") == "Minister"
