"""The bounded result cache: least recently used out first, bounded in entries and in bytes."""

from __future__ import annotations

from service.runtime.cache import ResultCache


def test_a_stored_value_comes_back() -> None:
    cache = ResultCache(max_entries=4, max_bytes=1000)
    cache.put("a", b"1")
    assert cache.get("a") == b"1"
    assert cache.get("b") is None


def test_the_least_recently_used_entry_goes_first_when_entries_run_out() -> None:
    cache = ResultCache(max_entries=2, max_bytes=1000)
    cache.put("a", b"1")
    cache.put("b", b"2")
    cache.get("a")
    cache.put("c", b"3")
    assert [cache.get(key) for key in "abc"] == [b"1", None, b"3"]
    assert len(cache) == 2


def test_bytes_stay_within_the_bound_counting_keys_and_values() -> None:
    cache = ResultCache(max_entries=100, max_bytes=25)
    for key in "abcdef":
        cache.put(key, b"x" * 9)
        assert cache.bytes <= 25
    assert len(cache) == 2
    assert cache.bytes == 20
    assert cache.get("f") == b"x" * 9


def test_a_value_larger_than_the_whole_bound_is_not_stored() -> None:
    cache = ResultCache(max_entries=100, max_bytes=10)
    cache.put("a", b"1")
    cache.put("big", b"x" * 10)
    assert cache.get("big") is None
    assert cache.get("a") == b"1"


def test_storing_a_key_again_replaces_its_value_and_its_size() -> None:
    cache = ResultCache(max_entries=10, max_bytes=100)
    cache.put("a", b"12345")
    cache.put("a", b"1")
    assert cache.get("a") == b"1"
    assert cache.bytes == 2


def test_a_cache_of_no_entries_stores_nothing() -> None:
    cache = ResultCache(max_entries=0, max_bytes=100)
    cache.put("a", b"1")
    assert cache.get("a") is None
