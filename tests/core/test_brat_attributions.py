"""brat files with attribution events (PolNeAR's layout and labels) and --map for other label names.

The fixture is synthetic: PolNeAR's folder layout (text/NAME.txt, attributions/NAME_<annotator>.ann)
and line kinds (Source/Cue/Content textbounds, event triggers, E lines, Discard, a discontinuous
source, a textbound whose text runs over a line break), none of its data.
"""

from annotator.cli import main
from annotator.core.ingest import import_paths
from annotator.core.store import Store

TEXT = ("😀 東京 headline\n\n"
        "“We will win this state,” Clinton said.\n\n"
        "The campaign, Morris says, will compete vigorously.\n"
        "Mook wrote that turnout\nwas high.\n")


def offsets(phrase: str, start: int = 0) -> str:
    i = TEXT.index(phrase, start)
    return f"{i} {i + len(phrase)}"


def polnear_folder(tmp_path):
    root = tmp_path / "data" / "dev"
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "corenlp").mkdir()
    (root / "corenlp" / "story.txt.xml").write_text("<root/>", encoding="utf-8")
    (root / "text" / "story.txt").write_text(TEXT, encoding="utf-8", newline="")
    campaign, compete = offsets("The campaign"), offsets("will compete vigorously")
    lines = [
        f"T1\tDiscard {offsets('headline')}\theadline",
        f"T2\tContent {offsets('We will win this state')}\tWe will win this state",
        f"T3\tSource {offsets('Clinton')}\tClinton",
        f"T4\tCue {offsets('said')}\tsaid",
        f"T5\tAttribution {offsets('said')}\tsaid",
        "E1\tAttribution:T5 Content:T2 Cue:T4 Source:T3",
        f"T6\tContent {campaign.split()[0]} {campaign.split()[1]};{compete}\tThe campaign will compete vigorously",
        f"T7\tSource {offsets('Morris')}\tMorris",
        f"T8\tCue {offsets('says')}\tsays",
        f"T9\tAttribution {offsets('says')}\tsays",
        "E2\tAttribution:T9 Cue:T8 Source:T7 Content:T6",
        f"T10\tSource {offsets('Mook')}\tMook",
        f"T11\tCue {offsets('wrote')}\twrote",
        f"T12\tContent {offsets('turnout')};{offsets('was high')}\tturnout",
        "was high",
        f"T13\tAttribution {offsets('wrote')}\twrote",
        "E3\tAttribution:T13 Source:T10 Cue:T11 Content:T12",
        "#1\tAnnotatorNotes T13\tshould the cue include that?",
    ]
    (root / "attributions" / "story_4e07.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_a_polnear_file_without_events_has_no_attributions(tmp_path, store):
    root = polnear_folder(tmp_path)
    (root / "text" / "other.txt").write_text("A note.\nAnother line here.\n", encoding="utf-8")
    (root / "attributions" / "other_d473.ann").write_text("T1\tDiscuss 0 1;2 6\tA note\n", encoding="utf-8")
    report = import_paths(store, [root / "attributions" / "other_d473.ann"], annotator="polnear")
    assert not report.errors and store.document_count() == 1
    assert store.layer_keys(["polnear"]) == []


def layer_view(store: Store, who: str):
    doc = store.document_ids()[0]
    spans = store.spans(doc, who)
    text = {s.id: s.text for s in spans}
    links = {(text[r.head_id], text[r.child_id]) for r in store.relations(doc, who) if r.label == "ATTRIBUTED_TO"}
    return {(s.label, s.text) for s in spans}, links


def test_polnear_attributions_are_recognised(tmp_path, capsys):
    root = polnear_folder(tmp_path)
    db = tmp_path / "s.db"
    assert main(["import", str(root), "--as", "polnear", "--db", str(db)]) == 0
    capsys.readouterr()
    with Store(db, user="alice") as store:
        assert store.document_count() == 1
        spans, links = layer_view(store, "polnear")
    assert spans == {
        ("CLAIM", "We will win this state"), ("SPEAKER", "Clinton"), ("CUE", "said"),
        ("CLAIM", "The campaign"), ("CLAIM", "will compete vigorously"), ("SPEAKER", "Morris"), ("CUE", "says"),
        ("CLAIM", "turnout"), ("CLAIM", "was high"), ("SPEAKER", "Mook"), ("CUE", "wrote"),
    }
    assert links == {("We will win this state", "Clinton"), ("The campaign", "Morris"), ("turnout", "Mook")}


def test_map_renames_and_leaves_out_labels(tmp_path, store):
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "doc.txt").write_text(TEXT, encoding="utf-8", newline="")
    (folder / "doc.ann").write_text(
        f"T1\tQuelle {offsets('Clinton')}\tClinton\n"
        f"T2\tAussage {offsets('We will win this state')}\tWe will win this state\n"
        f"T3\tRauschen {offsets('headline')}\theadline\n"
        "R1\tATTRIBUTED_TO Arg1:T2 Arg2:T1\n",
        encoding="utf-8",
    )
    report = import_paths(store, [folder], annotator="bob", labels={"Quelle": "SPEAKER", "Aussage": "CLAIM", "Rauschen": ""})
    assert not report.errors
    spans, links = layer_view(store, "bob")
    assert spans == {("SPEAKER", "Clinton"), ("CLAIM", "We will win this state")}
    assert links == {("We will win this state", "Clinton")}
    unmapped = import_paths(store, [folder], annotator="carol")
    assert unmapped.errors and "Quelle" in unmapped.errors[0].message


def test_map_option_is_checked(tmp_path, capsys):
    assert main(["import", str(tmp_path), "--map", "Source", "--db", str(tmp_path / "s.db")]) == 2
    assert "THEIRS=OURS" in capsys.readouterr().err


def test_a_text_over_a_paragraph_break_and_a_source_that_is_also_a_content(tmp_path, store):
    text = "Mook wrote:\n\nturnout was high.\nHe believes Mook.\n"
    folder = tmp_path / "attributions"
    folder.mkdir()
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "piece.txt").write_text(text, encoding="utf-8")

    def at(phrase):
        i = text.index(phrase)
        return f"{i} {i + len(phrase)}"

    lines = [
        f"T1\tSource {at('Mook')}\tMook",
        f"T2\tCue {at('wrote')}\twrote",
        f"T3\tContent {text.index(':')} {text.index('turnout was high') + 16}\t:",
        "",
        "turnout was high",
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3",
        f"T4\tSource {at('He')}\tHe",
        f"T5\tCue {at('believes')}\tbelieves",
        "E2\tAttribution:T5 Source:T4 Cue:T5 Content:T1",
    ]
    (folder / "piece_ab12.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_paths(store, [folder], annotator="polnear")
    assert not report.errors, report.errors
    spans, links = layer_view(store, "polnear")
    assert ("SPEAKER", "He") in spans and ("SPEAKER", "Mook") in spans
    assert links == {(":\n\nturnout was high", "Mook")}


def test_two_annotators_of_one_polnear_article_keep_both_layers(tmp_path, store):
    """With one layer for both, the second file would replace the first (a layer is a snapshot)."""
    root = polnear_folder(tmp_path)
    (root / "attributions" / "story_9a9a.ann").write_text(
        f"T1\tSource {offsets('Mook')}\tMook\nT2\tContent {offsets('turnout')}\tturnout\nE1\tContent:T2 Source:T1\n",
        encoding="utf-8")
    report = import_paths(store, [root / "attributions"], annotator="polnear")
    assert not report.errors
    assert sorted(store.layer_keys(["polnear-4e07", "polnear-9a9a", "polnear"])) == sorted(
        (store.document_ids()[0], who) for who in ("polnear-4e07", "polnear-9a9a"))
    assert len(layer_view(store, "polnear-4e07")[0]) == 11
    assert layer_view(store, "polnear-9a9a") == ({("SPEAKER", "Mook"), ("CLAIM", "turnout")}, {("turnout", "Mook")})


def test_lines_about_a_left_out_label_are_left_out_and_map_renames_relations(tmp_path, store):
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "doc.txt").write_text(TEXT, encoding="utf-8", newline="")
    (folder / "doc.ann").write_text(
        f"T1\tPerson {offsets('Clinton')}\tClinton\n"
        f"T2\tQuote {offsets('We will win this state')}\tWe will win this state\n"
        f"T3\tNoise {offsets('headline')}\theadline\n"
        "R1\tSays Arg1:T2 Arg2:T1\n"
        "R2\tSays Arg1:T3 Arg2:T1\n"
        "A1\tFlag T3\n"
        "#1\tAnnotatorNotes T3\tjunk\n",
        encoding="utf-8",
    )
    labels = {"Person": "SPEAKER", "Quote": "CLAIM", "Noise": "", "Says": "ATTRIBUTED_TO"}
    report = import_paths(store, [folder], annotator="bob", labels=labels)
    assert not report.errors
    assert layer_view(store, "bob") == ({("SPEAKER", "Clinton"), ("CLAIM", "We will win this state")},
                                        {("We will win this state", "Clinton")})


def test_an_unknown_label_names_its_line_and_the_map_that_fixes_it(tmp_path, store):
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "doc.txt").write_text(TEXT, encoding="utf-8", newline="")
    (folder / "doc.ann").write_text(f"T1\tSPEAKER {offsets('Clinton')}\tClinton\nT2\tPerson 0 1\t😀\n", encoding="utf-8")
    report = import_paths(store, [folder], annotator="bob")
    [error] = report.errors
    assert error.line == 2 and "'Person' is not in the scheme" in error.message and "--map Person=" in error.message


def test_a_missing_polnear_text_names_both_places_looked_in(tmp_path, store):
    root = polnear_folder(tmp_path)
    (root / "attributions" / "gone_ab12.ann").write_text("T1\tSource 0 1\tx\n", encoding="utf-8")
    report = import_paths(store, [root / "attributions"], annotator="polnear")
    [error] = report.errors
    assert "gone_ab12.ann" in str(error.path) and "../text/gone.txt" in error.message
    assert store.document_count() == 1
