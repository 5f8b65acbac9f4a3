"""Issue 11, "How we will check": colleagues' people merge into ours and never corrupt them.

Two colleagues spell Lavrov differently, a third file reuses one of our ids for someone else;
`annotator people --json` must show one Lavrov with both spellings and no stray alias anywhere;
identifying "he" as Lavrov leaves his aliases alone; merge and rename show in the next export.
"""

import json

import pytest

from annotator.cli import main
from annotator.core.export import write_export
from annotator.core.people import is_generic, name_key
from annotator.core.store import Store

TEXT = "Talks in Riyadh\nSergei Lavrov said the talks were over. Lavrov added that he saw no ceasefire. Putin agreed."


def at(phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return start, start + len(phrase)


def colleague_export(path, user: str, name: str, mention: str, nth: int = 0):
    """A colleague tags and identifies one speaker (keeping the mention as an alias) and exports."""
    with Store(path.with_suffix(".db"), user=user) as store:
        doc = store.add_document(TEXT).document_id
        speaker = store.add_span(doc, "SPEAKER", *at(mention, nth)).subject
        claim = store.add_span(doc, "CLAIM", *at("the talks were over")).subject
        store.link_speaker(claim, speaker)
        store.identify_speaker(speaker, name, alias=True)
        write_export(store, path)
    return path


def people(capsys, db) -> list[dict]:
    capsys.readouterr()
    assert main(["people", "--json", "--db", str(db)]) == 0
    return json.loads(capsys.readouterr().out)


def run(capsys, db, *args) -> int:
    code = main([*args, "--db", str(db), "--user", "alice"])
    capsys.readouterr()
    return code


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def ours(tmp_path):
    """Our store: Putin identified in our layer, and a person "S. Lavrov" of our own."""
    db = tmp_path / "ours.db"
    with Store(db, user="alice") as store:
        doc = store.add_document(TEXT).document_id
        putin = store.add_span(doc, "SPEAKER", *at("Putin")).subject
        store.identify_speaker(putin, "Vladimir Putin")
        short = store.add_span(doc, "SPEAKER", *at("Lavrov", 1)).subject
        store.identify_speaker(short, "S. Lavrov")
        return db, store.span(putin).entity_id, doc


def test_imports_merge_people_and_never_corrupt_them(tmp_path, capsys, ours):
    db, putin_id, doc = ours
    bob = colleague_export(tmp_path / "bob.jsonl", "bob", "Sergei Lavrov", "Lavrov", 1)
    carol = colleague_export(tmp_path / "carol.jsonl", "carol", "Sergey Lavrov", "Sergei Lavrov")
    (record,) = lines(bob)
    record["annotator"] = "dave"
    for item in (*record["spans"], *record["relations"]):
        item["id"] = f"dave-{item['id']}"
    for relation in record["relations"]:
        relation["head"], relation["child"] = f"dave-{relation['head']}", f"dave-{relation['child']}"
    speaker = next(s for s in record["spans"] if s["label"] == "SPEAKER")
    speaker["entity"] = {"id": putin_id, "name": "Volodymyr Zelenskyy", "aliases": ["Zelensky", "he", "Lavrov"],
                         "kind": "person"}
    dave = tmp_path / "dave.jsonl"
    dave.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert json.loads(carol.read_text(encoding="utf-8"))["spans"][0]["entity"]["aliases"] == ["Sergei Lavrov"]

    assert run(capsys, db, "import", str(bob), str(carol), str(dave)) == 0
    listed = {p["name"]: p for p in people(capsys, db)}
    lavrovs = [p for p in listed.values() if name_key("Sergei Lavrov") in {name_key(n) for n in [p["name"], *p["aliases"]]}]
    assert len(lavrovs) == 1, listed
    (lavrov,) = lavrovs
    assert {"Sergei Lavrov", "Sergey Lavrov"} <= {lavrov["name"], *lavrov["aliases"]}
    assert lavrov["mentions"] == 2 and lavrov["claims"] == 2
    assert (listed["Vladimir Putin"]["aliases"], listed["Vladimir Putin"]["id"]) == ([], putin_id)
    zelenskyy = listed["Volodymyr Zelenskyy"]
    assert zelenskyy["aliases"] == ["Zelensky"] and zelenskyy["id"] != putin_id and zelenskyy["kind"] == "person"
    everyone = list(listed.values())
    for person in everyone:
        for alias in person["aliases"]:
            assert not is_generic(alias), (person["name"], alias)
            others = [p["name"] for p in everyone if p is not person
                      and name_key(alias) in {name_key(n) for n in [p["name"], *p["aliases"]]}]
            assert others == [], (person["name"], alias, others)

    with Store(db, user="alice") as store:
        before = store.entity(lavrov["id"]).aliases
        start = TEXT.index(" he ") + 1
        he = store.add_span(doc, "SPEAKER", start, start + 2).subject
        store.identify_speaker(he, entity_id=lavrov["id"])
        assert store.span(he).entity_id == lavrov["id"] and store.entity(lavrov["id"]).aliases == before
        log = len(store.change_log(1000))

    assert run(capsys, db, "people", "rename", "sergey lavrov", "Sergei Viktorovich Lavrov") == 0
    assert run(capsys, db, "people", "merge", "Sergei Viktorovich Lavrov", "S. Lavrov") == 0
    assert run(capsys, db, "people", "alias", "Sergei Viktorovich Lavrov", "--add", "Russia's top diplomat",
               "--remove", "Lavrov") == 0
    with Store(db, user="alice") as store:
        actions = [row["action"] for row in store.change_log(1000)[: len(store.change_log(1000)) - log]]
    assert actions == ["Edit aliases of “Sergei Viktorovich Lavrov”", "Merge “S. Lavrov” into “Sergei Viktorovich Lavrov”",
                       "Rename “Sergei Lavrov” to “Sergei Viktorovich Lavrov”"], "each command is one change-log row"

    out = tmp_path / "after.jsonl"
    assert main(["export", "-o", str(out), "--db", str(db)]) == 0
    entities = {(r["annotator"], s["text"]): s["entity"] for r in lines(out) for s in r["spans"] if s["entity"]}
    for key in (("alice", "Lavrov"), ("alice", "he"), ("bob", "Lavrov"), ("carol", "Sergei Lavrov")):
        entity = entities[key]
        assert entity["id"] == lavrov["id"] and entity["name"] == "Sergei Viktorovich Lavrov", key
        assert "S. Lavrov" in entity["aliases"] and "Russia's top diplomat" in entity["aliases"]
        assert "Lavrov" not in entity["aliases"] and set(entity) == {"id", "name", "aliases", "kind"}
    assert entities[("alice", "Putin")] == {"id": putin_id, "name": "Vladimir Putin", "aliases": [], "kind": None}


def test_people_commands_name_problems_and_list_as_text(tmp_path, capsys, ours):
    db, _, _ = ours
    assert main(["people", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Vladimir Putin" in out and "journalist (journalist)" in out and "unnamed source" in out
    assert main(["people", "merge", "Nobody", "S. Lavrov", "--db", str(db)]) == 1
    assert "nobody is called “Nobody”" in capsys.readouterr().err
    assert main(["people", "alias", "S. Lavrov", "--remove", "Lavrov", "--db", str(db)]) == 1
    assert "“Lavrov” is not an alias of S. Lavrov" in capsys.readouterr().err
    assert main(["people", "alias", "S. Lavrov", "--add", "they", "--db", str(db)]) == 2
    assert "could name anybody" in capsys.readouterr().err
    assert main(["people", "--db", str(tmp_path / "missing.db")]) == 1
    assert not (tmp_path / "missing.db").exists(), "listing opens the store read-only"
