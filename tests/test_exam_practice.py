"""Exam practice in today's forms: the GCSE pack asks AQA GCSE History 8145's questions, with their interpretations.

Paper 1 Section A (the period study) asks, in this order: how Interpretation B differs from A (4 marks), why
the authors might differ (4), which is more convincing (8), 'Describe two ...' (4), 'In what ways ...' (8)
and 'Which of the following was the more important reason ...' with two bullet points (12). Each
interpretation question needs Interpretations A and B on the page, so it carries them as extracts.
"""

from __future__ import annotations

import re

import pytest
from conftest import REPO

from revpack.load import load_pack
from revpack.markup import plain

GCSE_FORMS = {  # the start of each form's wording -> its marks
    r"How does Interpretation B differ from Interpretation A about .+\? Explain your answer using "
    r"Interpretations A and B\.$": "4",
    r"Why might the authors of Interpretations A and B have a different interpretation about .+\? Explain your "
    r"answer using Interpretations A and B and your contextual knowledge\.$": "4",
    r"Which interpretation do you find more convincing about .+\? Explain your answer using Interpretations A "
    r"and B and your contextual knowledge\.$": "8",
    r"Describe two .+\.$": "4",
    r"In what ways .+\? Explain your answer\.$": "8",
    r"Which of the following was the more important reason why .+: • .+ • .+\? Explain your answer with "
    r"reference to both bullet points\.$": "12",
}
YEAR = re.compile(r"\b(18|19|20)\d\d\b")


@pytest.fixture(scope="module")
def gcse():
    return load_pack(REPO / "packs" / "gcse-stalin-ussr")


def test_every_gcse_question_is_in_a_form_of_the_current_paper(gcse):
    for topic in gcse.topics:
        assert topic.questions, topic.id
        for question in topic.questions:
            forms = [form for form in GCSE_FORMS if re.match(form, question.text)]
            assert len(forms) == 1, (topic.id, question.text)
            assert question.marks == GCSE_FORMS[forms[0]], (topic.id, question.text, question.marks)


def test_the_pack_asks_every_form(gcse):
    asked = {form for t in gcse.topics for q in t.questions for form in GCSE_FORMS if re.match(form, q.text)}
    assert asked == set(GCSE_FORMS)


def test_interpretation_questions_carry_interpretations_a_and_b(gcse):
    for topic in gcse.topics:
        for question in topic.questions:
            if "Interpretation" not in question.text:
                assert not question.extracts, (topic.id, question.text)
                continue
            assert [e.label for e in question.extracts] == ["Interpretation A", "Interpretation B"], question.text
            for extract in question.extracts:
                assert extract.author and extract.work and YEAR.fullmatch(extract.year), (topic.id, extract)
                assert extract.paraphrase, "written as summaries of each historian's argument"
            a, b = question.extracts
            assert a.author != b.author and a.text != b.text


def test_pack_names_the_current_specification_and_a_human_author(gcse):
    assert "8145" in gcse.info.specification
    assert gcse.info.author and "revpack" not in gcse.info.author.lower()


@pytest.mark.parametrize("pack_id", ["gcse-stalin-ussr", "alevel-soviet-russia"])
def test_every_interpretation_names_a_historian_and_a_dated_work(pack_id):
    pack = load_pack(REPO / "packs" / pack_id)
    for topic in pack.topics:
        for interpretation in topic.interpretations:
            who = plain(interpretation.historian)
            assert YEAR.search(who), f"{topic.id}: {who!r} names no dated work"
            assert not re.search(r"\bviews?\b|\bschool\b", who, re.IGNORECASE), f"{topic.id}: {who!r} is a label"
            assert interpretation.school, f"{topic.id}: {who!r} has no school tag"
