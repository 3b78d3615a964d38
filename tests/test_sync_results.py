"""Central's answers are checked before anything is marked: a reply off the protocol stops the run."""

from __future__ import annotations

import pytest

from loket.storage.outbox import OutboxItem
from loket.sync.client import BadReply, Reply
from loket.sync.results import read_batch_results, read_statuses

ITEMS = [OutboxItem(1, "k1", "{}"), OutboxItem(2, "k2", "{}")]


def _results(*entries) -> Reply:
    return Reply(200, {"results": list(entries)})


def test_answers_are_matched_by_key_whatever_their_order():
    reply = _results(
        {"idempotency_key": "k2", "status": "rejected", "central_ref": None, "reason": "invalid_nik"},
        {"idempotency_key": "k1", "status": "accepted", "central_ref": "C-1", "reason": None},
    )
    verdicts = read_batch_results(reply, ITEMS)
    assert [(item.request_id, status, ref, reason) for item, status, ref, reason in verdicts] == [
        (1, "accepted", "C-1", None), (2, "rejected", None, "invalid_nik"),
    ]


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (None, "reply_not_json"),
        ({"oops": []}, "results_missing"),
        ({"results": [{"status": "accepted"}]}, "result_without_key"),
        ({"results": [{"idempotency_key": "k1", "status": "accepted", "central_ref": "C"}]}, "result_missing_for_item"),
        ({"results": [{"idempotency_key": "k1", "status": "stored", "central_ref": "C"},
                      {"idempotency_key": "k2", "status": "accepted", "central_ref": "D"}]}, "unknown_status:stored"),
        ({"results": [{"idempotency_key": "k1", "status": "accepted"},
                      {"idempotency_key": "k2", "status": "accepted", "central_ref": "D"}]}, "central_ref_missing"),
    ],
)
def test_a_reply_off_the_protocol_is_refused_with_what_is_wrong(body, what):
    with pytest.raises(BadReply) as caught:
        read_batch_results(Reply(200, body), ITEMS)
    assert caught.value.what == what


def test_a_refusal_without_a_reason_still_says_it_was_refused():
    reply = _results({"idempotency_key": "k1", "status": "conflict"},
                     {"idempotency_key": "k2", "status": "duplicate", "central_ref": "C-2"})
    assert read_batch_results(reply, ITEMS)[0][3] == "conflict"


def test_statuses_for_unknown_refs_or_new_statuses_change_nothing():
    reply = Reply(200, {"statuses": [
        {"central_ref": "C-1", "status": "card_printed", "updated_at": "2018-07-30T00:00:00Z"},
        {"central_ref": "C-9", "status": "card_printed"},
        {"central_ref": "C-2", "status": "archived"},
        {"central_ref": "C-3", "status": "rejected", "reason": "  data   ganda "},
    ]})
    assert read_statuses(reply, {"C-1": 1, "C-2": 2, "C-3": 3}) == [(1, "card_printed", None), (3, "rejected", "data ganda")]
    with pytest.raises(BadReply):
        read_statuses(Reply(200, {"statuses": "none"}), {})
