"""The helper that runs another process of the site fails fast and says why, never hangs."""

import sys
import time

import pytest

from localiste.search.tests.site_process import SiteProcess


def child(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_a_stuck_process_fails_the_test_in_time_with_its_stderr(tmp_path):
    stuck = (
        "import sys, time; print('waiting for a lock', file=sys.stderr, flush=True); time.sleep(60)"
    )
    process = SiteProcess("sqlite://", tmp_path, timeout=1, command=child(stuck))
    started = time.monotonic()
    with pytest.raises(AssertionError, match="did not answer within 1 s(.|\n)*waiting for a lock"):
        process.request(get="/")
    assert time.monotonic() - started < 10
    process.close()


def test_a_chatty_process_still_answers(tmp_path):
    # Far more than a pipe holds (64 KiB): an unread stderr pipe would block the child.
    chatty = (
        "import sys; sys.stderr.write('deprecated! ' * 100_000); sys.stderr.flush(); "
        "sys.stdin.readline(); print('{\"status\": 200}', flush=True)"
    )
    process = SiteProcess("sqlite://", tmp_path, timeout=10, command=child(chatty))
    try:
        assert process.request(get="/") == {"status": 200}
    finally:
        process.close()


def test_a_process_that_dies_quotes_its_error(tmp_path):
    dies = "import sys; sys.exit('no such table: search_entry')"
    process = SiteProcess("sqlite://", tmp_path, timeout=10, command=child(dies))
    with pytest.raises(AssertionError, match="died(.|\n)*no such table: search_entry"):
        process.request(get="/")
    process.close()
