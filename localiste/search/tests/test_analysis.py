"""From typed words to searched terms: prefixes become the known words they start."""

from localiste.search.analysis import Vocabulary, query_terms


def test_a_prefix_becomes_the_most_frequent_known_words():
    vocabulary = Vocabulary({"bois": 300, "boite": 20, "boiseri": 5, "bol": 90})
    group = query_terms("boi", vocabulary=vocabulary).groups[0]
    assert {"bois", "boite", "boiseri"} <= {*group.terms, *group.completions}
    assert "bol" not in group.terms + group.completions and group.prefixes == ()
    assert vocabulary.completions(("boi",), 2) == ["bois", "boite"]


def test_a_whole_word_keeps_its_completions_apart_but_not_its_plural():
    vocabulary = Vocabulary({"velo": 40, "velos": 30, "velour": 25})
    group = query_terms("vélo", vocabulary=vocabulary).groups[0]
    assert group.terms == ("velo", "velos")  # the stemmer leaves "vélos" whole
    assert group.completions == ("velour",)  # what "vélo" may become, ranked after it


def test_a_prefix_no_field_list_holds_stays_a_prefix():
    vocabulary = Vocabulary({"bois": 300})
    group = query_terms("xylograv", vocabulary=vocabulary).groups[0]
    assert group.prefixes  # the index is asked (a word of a story, say)


def test_a_finished_word_is_not_a_prefix():
    vocabulary = Vocabulary({"bois": 300, "boisseau": 3})
    group = query_terms("bois ", vocabulary=vocabulary).groups[0]
    assert group.terms == ("bois",) and group.prefixes == ()
