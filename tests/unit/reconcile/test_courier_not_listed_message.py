"""The row's sentence when the shop's courier list lacks the row's courier: one sentence each in
Chinese and English, naming the courier and what to do, no code or internal word."""

from __future__ import annotations

from shared.reconcile.messages import push_refused


def test_names_the_courier_and_what_to_do() -> None:
    text = push_refused("courier_not_listed", True, "local", "JTSD")
    zh, en = text.zh, text.en
    assert "极兔速递" in zh and "J&T Express" in en
    assert "快递公司" in zh and "shop backend" in en
    assert zh.count("。") == 1 and zh.endswith("。") and en.endswith(".")
    for text in (zh, en):
        assert "local" not in text and "None" not in text and "JTSD" not in text


def test_without_a_courier_code_it_still_reads() -> None:
    text = push_refused("courier_not_listed", True, "local")
    zh, en = text.zh, text.en
    assert "这家快递公司" in zh and "this courier" in en
