"""A document in another language than the model's: its dates, a warning, and no English junk."""

from __future__ import annotations

from pipeline import language
from tests.helpers import extract, rows

SERBIAN = (
    "Први српски устанак\n\n"
    "Устаници су 1806. године ослободили Београд од Турака, а Карађорђе је ушао у град са "
    "својом војском. Руска војска је 1807. године послала помоћ устаницима, и Србија је "
    "потписала споразум са Русијом у Слобозији. Током 1812. године Русија је закључила "
    "Букурешки мир са Османским царством, а устаници су остали без подршке.\n"
)
ENGLISH = (
    "Russia and Serbia\n\n"
    "In 1806 the insurgents took Belgrade from the Ottomans, and Karadjordje entered the city "
    "with his army. In 1807 Russia sent aid to the rebels, and Serbia signed an agreement with "
    "Russia at Slobozia. In 1812 Russia concluded the Treaty of Bucharest with the Ottoman "
    "Empire, and the insurgents were left without support.\n"
)


def test_language_identifies_text_and_leaves_short_text_unclassified():
    assert language.identify(SERBIAN)[0] == "sr"
    code, probability = language.identify(ENGLISH)
    assert code == "en" and probability > 0.95
    assert language.identify("Belgrade, 1806.") == ("", 0.0)


def test_language_multilingual_model_reads_every_language():
    assert language.DocLanguage("sr", 0.99, "en").foreign
    assert not language.DocLanguage("sr", 0.99, "xx").foreign
    assert not language.DocLanguage("sr", 0.60, "en").foreign  # not sure enough
    assert not language.DocLanguage("", 0.0, "en").foreign


def test_language_a_serbian_document_gets_dates_and_a_warning_but_no_english_junk(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sr.txt").write_text(SERBIAN, encoding="utf-8")
    (corpus / "en.txt").write_text(ENGLISH, encoding="utf-8")
    out = extract(corpus, tmp_path / "out")
    docs = {d["path"]: d for d in rows(out, "documents")}
    assert docs["sr.txt"]["language"] == "sr" and docs["en.txt"]["language"] == "en"
    assert docs["sr.txt"]["warnings"].startswith("W231: sr.txt reads as language 'sr'")
    assert docs["en.txt"]["warnings"] == ""
    sr_id, en_id = docs["sr.txt"]["doc_id"], docs["en.txt"]["doc_id"]
    for table in ("claims", "event_mentions"):
        ids = {r["doc_id"] for r in rows(out, table)}
        assert sr_id not in ids and en_id in ids, table
    # Its entities are the places the gazetteer knows and the names the English document
    # gives too ("Карађорђе" = "Karadjordje"), nothing the English model guessed.
    sr_mentions = [r for r in rows(out, "entity_mentions") if r["doc_id"] == sr_id]
    assert sr_mentions and all("another language" in r["label_rule"] for r in sr_mentions)
    assert all(r["place_id"] or "elsewhere" in r["label_rule"] for r in sr_mentions)
    years = sorted(r["value"] for r in rows(out, "dates") if r["doc_id"] == sr_id)
    assert years == ["1806", "1807", "1812"]


def test_language_a_serbian_paragraph_in_an_english_note_gets_places_only(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    mixed = (ENGLISH + "\nThe uprising began in the villages of Šumadija, where the local "
             "notables met at Orašac in February 1804 and chose Karadjordje as their leader. "
             "Within two years the rebel army controlled most of the Belgrade Pashalik, and "
             "the Porte opened talks with its envoys in Constantinople.\n\n"
             + SERBIAN.split("\n\n", 1)[1] + "\nThe rebels held Belgrade until 1813.\n")
    (corpus / "mixed.txt").write_text(mixed, encoding="utf-8")
    out = extract(corpus, tmp_path / "out")
    (doc,) = rows(out, "documents")
    assert doc["language"] == "en" and doc["warnings"].startswith("W232: mixed.txt has 1 passage")
    passage = mixed.index("Устаници")
    end = mixed.index("The rebels held")
    inside = [m for m in rows(out, "entity_mentions") if passage <= int(m["start"]) < end]
    assert inside and all("another language" in m["label_rule"] for m in inside)
    assert {m["text"] for m in inside} >= {"Београд"}
    for table in ("claims", "event_mentions"):
        assert not [r for r in rows(out, table) if passage <= int(r["start"]) < end], table
        assert [r for r in rows(out, table) if int(r["start"]) >= end], table  # English resumes
    dates = {r["value"] for r in rows(out, "dates")}
    assert {"1806", "1807", "1812", "1813"} <= dates


def test_language_a_serbian_sentence_inside_an_english_paragraph_is_a_passage():
    english = ("In 1806 the insurgents took Belgrade from the Ottomans, and Karadjordje entered "
               "the city with his army. ")
    serbian = ("Устаници су 1806. године ослободили Београд од Турака, а Карађорђе је ушао у "
               "град са својом војском. ")
    text = english + serbian + english.replace("1806", "1807")
    spans = [(s, e, c) for s, e, c in language.classified_paragraphs(text) if c != "en"]
    assert len(spans) == 1
    start, end, code = spans[0]
    assert code == "sr" and text[start:end].strip() == serbian.strip()


SHORT_SERBIAN_LATIN = (
    "Predsednik Srbije Aleksandar Vučić sastao se u ponedeljak u Beogradu sa ruskim "
    "ambasadorom. Razgovarali su o snabdevanju gasom i o situaciji na Kosovu.\n"
)


def test_language_near_identical_languages_pool_their_probability():
    # py3langid splits this between Bosnian, Croatian and Serbian (no one above 0.65).
    code, probability = language._classify(SHORT_SERBIAN_LATIN)
    assert code in {"bs", "hr", "sr"} and probability > 0.95
    assert language._classify(ENGLISH)[0] == "en"


def test_language_a_short_text_is_called_by_its_paragraphs(tmp_path):
    # Under 200 characters as a whole, its paragraph is long enough to call: no English
    # junk ("u", the preposition, was an event).
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "vest.txt").write_text(SHORT_SERBIAN_LATIN, encoding="utf-8")
    out = extract(corpus, tmp_path / "out")
    (doc,) = rows(out, "documents")
    assert doc["language"] in {"bs", "hr", "sr"} and doc["warnings"].startswith("W231")
    assert rows(out, "event_mentions") == [] and rows(out, "claims") == []
