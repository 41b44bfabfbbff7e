"""Planning a programme from the template: order of parts, pauses by context, the date greeting."""

from __future__ import annotations

from datetime import date

import pytest

from service import running_order
from service.text.script import build_script
from workers.pipeline import date_in_words, plan


def house() -> running_order.RunningOrder:
    from service.settings import get_settings

    return running_order.load(get_settings().templates_dir)

ONE = ("Tin một\n\nNội dung tin một.\n\nPV: Thưa ông, thế nào?\n\nÔng Nguyễn Văn A: Rất tốt.\n\n"
       "Ông Nguyễn Văn A: Cảm ơn.")
TWO = "Tin hai\n\nNội dung tin hai."


@pytest.mark.parametrize(
    ("day", "words"),
    [(date(2021, 5, 17), "thứ hai, ngày mười bảy tháng năm năm hai nghìn không trăm hai mươi mốt"),
     (date(2024, 9, 2), "thứ hai, ngày mùng hai tháng chín năm hai nghìn không trăm hai mươi tư"),
     (date(2026, 11, 29), "chủ nhật, ngày hai mươi chín tháng mười một năm hai nghìn không trăm hai mươi sáu")],
)
def test_date_in_words(day: date, words: str) -> None:
    assert date_in_words(day).replace("\u00a0", " ") == words


def test_programme_order_and_pauses(settings_env: dict[str, str]) -> None:
    from service.settings import get_settings

    the_plan = plan([build_script(ONE), build_script(TWO)], get_settings(), house(), programme=True,
                    station="Đài truyền thanh xã Yên Lộc", day=date(2021, 5, 17))
    kinds = [(p.kind, p.role, p.jingle) for p in the_plan.parts]
    assert kinds == [
        ("jingle", None, "intro"), ("ident", "station", None), ("speech", "station", None),
        ("speech", "title", None), ("speech", "narrator", None), ("speech", "reporter", None),
        ("speech", "official", None), ("speech", "official", None),
        ("jingle", None, "stinger"), ("speech", "title", None), ("speech", "narrator", None),
        ("speech", "station", None), ("jingle", None, "outro"),
    ]
    pauses = [p.pause_after for p in the_plan.parts]
    assert pauses[0] == 0.4  # after a jingle
    assert pauses[3] == 0.9  # after a title
    assert pauses[5] == 0.8  # reporter to official: a change of speaker
    assert pauses[6] == 0.45  # the official goes on
    assert pauses[7] == 1.2  # the end of an article
    assert pauses[-1] == 0.0
    greeting = [p.text.replace("\u00a0", " ") for p in the_plan.pieces if p.part == 2]
    assert " ".join(greeting) == "Hôm nay, thứ hai, ngày mười bảy tháng năm năm hai nghìn không trăm hai mươi mốt."
    ident = " ".join(p.text for p in the_plan.pieces if p.part == 1)
    assert ident == "Đây là Đài truyền thanh xã Yên Lộc."


def test_preview_is_the_article_between_the_jingles(settings_env: dict[str, str]) -> None:
    from service.settings import get_settings

    the_plan = plan([build_script(TWO)], get_settings(), house())
    assert [(p.kind, p.jingle or p.role) for p in the_plan.parts] == [
        ("jingle", "intro"), ("speech", "title"), ("speech", "narrator"), ("jingle", "outro")]


def test_a_voice_track_reads_its_whole_part_and_only_it(settings_env: dict[str, str]) -> None:
    from service.settings import get_settings
    from workers.pipeline import Plan, with_voice_tracks

    long_text = "Tin dài\n\n" + " ".join(["Người dân trong xã tham gia dọn vệ sinh đường làng ngõ xóm."] * 120)
    scripts = [build_script(ONE), build_script(long_text)]
    the_plan = plan(scripts, get_settings(), house(), programme=True, day=date(2026, 11, 30))
    long_part = next(p.n for p in the_plan.parts if p.article == 1 and p.index == 1)
    assert len(the_plan.pieces_of(long_part)) > 1  # chunked for an engine
    tracked = with_voice_tracks(the_plan, {(1, 1): "voice-tracks/a.wav", (0, 2): "voice-tracks/b.wav",
                                           (1, 99): "voice-tracks/gone.wav"})
    assert [(i, p.voice_track) for i, p in tracked.pieces_of(long_part)] == [
        (tracked.pieces.index(tracked.pieces_of(long_part)[0][1]), "voice-tracks/a.wav")]
    assert tracked.pieces_of(long_part)[0][1].text == " ".join(p.text for _, p in the_plan.pieces_of(long_part))
    reporter = next(p.n for p in the_plan.parts if p.article == 0 and p.index == 2)
    assert [p.voice_track for _, p in tracked.pieces_of(reporter)] == ["voice-tracks/b.wav"]
    others = [p for p in tracked.pieces if p.part not in (long_part, reporter)]
    assert others == [p for p in the_plan.pieces if p.part not in (long_part, reporter)]
    assert tracked.parts == the_plan.parts
    assert Plan.from_dict(tracked.to_dict()) == tracked  # the job keeps it as JSON
    assert with_voice_tracks(the_plan, {}) is the_plan
