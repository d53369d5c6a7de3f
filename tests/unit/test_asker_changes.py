"""An asker edits or withdraws their question until its first official answer, on in-memory
stores. Feeds, figures and notices after a change: tests/integration/test_asker_changes.py."""

from __future__ import annotations

import pytest

from tests.unit.fakes import FakeStores
from tests.unit.scenario import ADMIN, as_expert, asked, expert_on, staff, youth
from youthvoice.domain.errors import Conflict, Forbidden, NotFound, Unprocessable
from youthvoice.domain.escalation import CloseReason
from youthvoice.domain.questions import AssignmentState, QuestionEdit, Status, Visibility
from youthvoice.services import cases, questions

pytestmark = pytest.mark.usefixtures("deps")


def test_only_the_asker_edits_and_only_before_an_official_answer() -> None:
    # Given a question with an invited expert, and a peer answer
    expert = expert_on("sx-05-02", "employment")
    asker = youth("youth-edit-2")
    question = asked(asker, "sx-05-02")
    questions.answer(youth("youth-peer"), question.id, "我也想知道", None)
    # When someone else, or staff, edits it, it is refused
    for other in (youth("youth-not-asker"), staff("sx-05")):
        with pytest.raises(Forbidden):
            questions.edit_question(other, question.id, QuestionEdit(title="别人的问题标题"))
    # And a peer answer does not stop the asker
    more = QuestionEdit(body="补充：我是计算机专业。")
    assert questions.edit_question(asker, question.id, more).body == more.body
    # But once the expert answers officially, edits and withdrawal are conflicts naming why
    questions.answer(as_expert(expert), question.id, "看招聘会", None)
    with pytest.raises(Conflict) as edit:
        questions.edit_question(asker, question.id, QuestionEdit(title="改一下标题吧"))
    with pytest.raises(Conflict) as withdrawal:
        questions.withdraw(asker, question.id)
    assert "official answer" in edit.value.message
    assert "official answer" in withdrawal.value.message


def test_an_edit_trims_the_title_and_is_on_the_timeline() -> None:
    # Given a question with an invited expert
    expert_on("sx-05-01", "employment")
    asker = youth("youth-edit")
    question = asked(asker, "sx-05-01")
    # When the asker changes its title (with spaces around it) and tags
    edit = QuestionEdit(title="  毕业后在省内找工作  ", tags=("就业",))
    edited = questions.edit_question(asker, question.id, edit)
    # Then the question has the new texts, the title trimmed, the body unchanged
    assert (edited.title, edited.tags) == ("毕业后在省内找工作", ("就业",))
    assert edited.body == question.body
    # And the timeline names what changed
    events = cases.read(question.id).events
    assert [e.detail for e in events if e.kind == "question_edited"] == ["title, tags"]


def test_an_edit_passes_the_word_screen_as_asking_does() -> None:
    # Given a question
    asker = youth("youth-edit-3")
    question = cases.read(asked(asker, "sx-05-03").id).question
    # When an edit holds a hard word, or a word that would hold it for review
    for edit in (QuestionEdit(body="有没有靠谱的赌博网站推荐"), QuestionEdit(tags=("加微信详聊",))):
        with pytest.raises(Unprocessable) as refused:
            questions.edit_question(asker, question.id, edit)
        # Then it is refused, and the question is unchanged
        assert refused.value.code == "content_blocked"
        assert cases.read(question.id).question == question


def test_a_withdrawal_closes_invitations_and_tells_the_invited(stores: FakeStores) -> None:
    # Given a question with an invited expert
    expert = expert_on("sx-06-01", "employment")
    asker = youth("youth-withdraw")
    question = asked(asker, "sx-06-01")
    assert stores.experts.loads[expert.id, "employment"] == 1
    # When the asker withdraws it
    questions.withdraw(asker, question.id)
    # Then it is closed as withdrawn and removed, with no one invited
    view = cases.read(question.id)
    assert (view.question.status, view.question.close_reason, view.question.visibility) == (
        Status.CLOSED,
        CloseReason.WITHDRAWN,
        Visibility.REMOVED,
    )
    assert view.question.assignees == ()
    # And the expert's invitation is withdrawn, their load released, and they are told
    assert [(a.user_id, a.state) for a in view.assignments] == [
        (expert.user_id, AssignmentState.WITHDRAWN)
    ]
    assert stores.experts.loads[expert.id, "employment"] == 0
    (told,) = [e for e in view.events if e.kind == "withdrawn"]
    assert told.recipients == (expert.user_id,)
    # And a second withdrawal succeeds and changes nothing; an edit is a conflict
    questions.withdraw(asker, question.id)
    assert cases.read(question.id) == view
    with pytest.raises(Conflict):
        questions.edit_question(asker, question.id, QuestionEdit(title="撤回后再改标题"))
    # And others find nothing, so the expert cannot answer it
    with pytest.raises(NotFound):
        questions.read(youth("youth-else"), question.id)
    with pytest.raises(NotFound):
        questions.answer(as_expert(expert), question.id, "看招聘会", None)


def test_only_the_asker_withdraws() -> None:
    # Given a question
    asker = youth("youth-withdraw-2")
    question = asked(asker, "sx-06-02")
    # When someone else or an admin withdraws it, or the asker withdraws one that does not exist
    for other in (youth("youth-other-2"), ADMIN):
        with pytest.raises(Forbidden):
            questions.withdraw(other, question.id)
    with pytest.raises(NotFound):
        questions.withdraw(asker, "no-such-question")
    # Then it is still open
    assert cases.read(question.id).question.status is Status.OPEN
