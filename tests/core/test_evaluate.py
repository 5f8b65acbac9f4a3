"""evaluate: precision and recall of one layer against a reference, computed by hand here."""

import json

from annotator.cli import main
from annotator.core.evaluate import evaluate, score_pairs
from annotator.core.store import Store
from annotator.core.suggest import SuggestedLink, Suggestion, Suggestions

TEXT = "😀 東京 Lavrov said the talks will go on. Umerov said no ceasefire yet. Rubio hopes for peace."


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def layers(path):
    """Reference bob: 2 speakers, 2 claims, 2 links. alice: Lavrov exact, 'Umerov said' (overlaps the
    speaker Umerov), a wrong speaker 'Rubio'; claim 'talks will go on' (overlap only) and 'peace' (wrong);
    links talks→Lavrov (overlap match), peace→Rubio (wrong)."""
    with Store(path, user="bob") as bob:
        doc = bob.add_document(TEXT).document_id
        lavrov = bob.add_span(doc, "SPEAKER", *at("Lavrov")).subject
        umerov = bob.add_span(doc, "SPEAKER", *at("Umerov")).subject
        talks = bob.add_span(doc, "CLAIM", *at("the talks will go on")).subject
        ceasefire = bob.add_span(doc, "CLAIM", *at("no ceasefire yet")).subject
        bob.link_speaker(talks, lavrov)
        bob.link_speaker(ceasefire, umerov)
    with Store(path, user="alice") as alice:
        lavrov = alice.add_span(doc, "SPEAKER", *at("Lavrov")).subject
        alice.add_span(doc, "SPEAKER", *at("Umerov said"))
        rubio = alice.add_span(doc, "SPEAKER", *at("Rubio")).subject
        talks = alice.add_span(doc, "CLAIM", *at("talks will go on")).subject
        peace = alice.add_span(doc, "CLAIM", *at("peace")).subject
        alice.link_speaker(talks, lavrov)
        alice.link_speaker(peace, rubio)
    return doc


def test_exact_and_overlap_by_hand(tmp_path):
    doc = layers(tmp_path / "s.db")
    with Store(tmp_path / "s.db", user="carol") as store:
        report = evaluate(store, "alice", "bob")
    assert report["documents"] == 1
    exact, overlap = report["exact"], report["overlap"]
    # SPEAKER: alice 3 spans, 1 exact (Lavrov), 2 overlapping (Lavrov, "Umerov said"); bob 2 spans.
    assert (exact["SPEAKER"]["precision"], exact["SPEAKER"]["recall"]) == (round(1 / 3, 4), 0.5)
    assert (overlap["SPEAKER"]["precision"], overlap["SPEAKER"]["recall"]) == (round(2 / 3, 4), 1.0)
    # CLAIM: no exact match; overlap 1 of 2 both ways.
    assert (exact["CLAIM"]["precision"], exact["CLAIM"]["recall"], exact["CLAIM"]["f1"]) == (0.0, 0.0, 0.0)
    assert (overlap["CLAIM"]["precision"], overlap["CLAIM"]["recall"], overlap["CLAIM"]["f1"]) == (0.5, 0.5, 0.5)
    # links: talks→Lavrov matches under overlap only (its claim is not exact); peace→Rubio never.
    assert (exact["links"]["precision"], exact["links"]["recall"]) == (0.0, 0.0)
    assert (overlap["links"]["precision"], overlap["links"]["recall"]) == (0.5, 0.5)
    assert overlap["links"]["found"] == 2 and overlap["links"]["reference"] == 2
    with Store(tmp_path / "s.db", user="carol") as store:
        assert evaluate(store, "bob", "bob", [doc])["exact"]["links"]["f1"] == 1.0


def test_a_document_the_scored_layer_lacks_counts_as_nothing_found():
    ref = Suggestions((Suggestion("CUE", 0, 4, 1.0),))
    report = score_pairs([(Suggestions(), ref), (ref, ref)])
    assert report["documents"] == 2
    assert report["overlap"]["CUE"]["recall"] == 0.5 and report["overlap"]["CUE"]["precision"] == 1.0


def test_one_long_span_overlapping_two_references():
    found = Suggestions((Suggestion("CLAIM", 0, 20, 0.9), Suggestion("SPEAKER", 30, 35, 0.9)),
                        (SuggestedLink("CLAIM:0:20", "SPEAKER:30:35", 0.9),))
    ref = Suggestions((Suggestion("CLAIM", 0, 5, 1), Suggestion("CLAIM", 10, 15, 1), Suggestion("CLAIM", 40, 45, 1),
                       Suggestion("SPEAKER", 32, 33, 1)),
                      (SuggestedLink("CLAIM:10:15", "SPEAKER:32:33", 1),))
    overlap = score_pairs([(found, ref)])["overlap"]
    assert overlap["CLAIM"]["precision"] == 1.0 and overlap["CLAIM"]["recall"] == round(2 / 3, 4)
    assert overlap["links"]["precision"] == 1.0 and overlap["links"]["recall"] == 1.0


def test_cli_evaluate(tmp_path, capsys):
    db = tmp_path / "s.db"
    doc = layers(db)
    assert main(["evaluate", "alice", "bob", "--db", str(db), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["overlap"]["SPEAKER"]["recall"] == 1.0 and report["exact"]["SPEAKER"]["found"] == 3
    assert main(["evaluate", "alice", "bob", "--db", str(db), "--document", doc]) == 0
    table = capsys.readouterr().out
    assert "SPEAKER" in table and "links" in table and "0.667" in table
    assert main(["evaluate", "alice", "nobody", "--db", str(db)]) == 1
    assert "nobody has no layer" in capsys.readouterr().err
    assert main(["evaluate", "alice", "bob", "--db", str(db), "--document", "nope"]) == 1
    assert "no document with an id starting 'nope'" in capsys.readouterr().err
    assert main(["evaluate", "alice", "bob", "--db", str(db), "--document", doc[:8], "--json"]) == 0
    by_start = json.loads(capsys.readouterr().out)
    assert main(["evaluate", "alice", "bob", "--db", str(db), "--document", doc, "--json"]) == 0
    assert by_start == json.loads(capsys.readouterr().out)


def test_cli_evaluate_of_a_layer_nobody_has_says_so_instead_of_scoring_zero(tmp_path, capsys):
    db = tmp_path / "s.db"
    layers(db)
    assert main(["evaluate", "suggest:typo", "bob", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "suggest:typo has no layer" in err and "alice" in err and "Traceback" not in err
