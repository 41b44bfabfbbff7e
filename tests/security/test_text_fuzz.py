"""Hypothesis on the text pipeline (the path every upload takes: check, segment, normalise): any Unicode
string yields a script or a clear ArticleInputError, never another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.schemas import Script
from service.text.ingest import ArticleInputError, check_text
from service.text.script import build_script

LIMIT = 1_000_000
VIETNAMESE = list("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
WORDS = st.text(alphabet=VIETNAMESE, min_size=1, max_size=8)
TOKENS = st.one_of(
    WORDS,
    st.from_regex(r"\d{1,12}([.,]\d{1,4})?(%|km|ha|m2|đồng|/\d{1,2}(/\d{2,4})?)?", fullmatch=True),
    st.sampled_from(["PV:", "Phóng viên:", "Ông Nguyễn Văn A:", "–", "-", "\n", "\n\n", "(", ")", "…", "UBND",
                     "TP.HCM", "COVID-19", "5G", "№", "½", "²", "‰", "\u200b", "\ufeff", "\x00", "\x1b[31m",
                     "\u202e", "👍", "中文", "русский", "العربية", "ﬁ", "A\u0301"]),
)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def through_pipeline(text: str) -> Script | None:
    """What the API does with a pasted article; None when it is refused with a message."""
    try:
        return build_script(check_text(text, max_bytes=LIMIT))
    except ArticleInputError as exc:
        assert exc.message.strip() and exc.status in (413, 415, 422)
        return None


def spoken_is_clean(script: Script) -> None:
    for segment in script.segments:
        assert segment.text.strip()
        assert not any(ord(c) < 32 and c not in "\n\t" for c in segment.spoken)


@SETTINGS
@given(st.text())
def test_any_unicode_string(text: str) -> None:
    script = through_pipeline(text)
    if script is not None:
        spoken_is_clean(script)


@SETTINGS
@given(st.lists(TOKENS, max_size=300).map(" ".join))
def test_article_shaped_noise(text: str) -> None:
    script = through_pipeline(text)
    if script is not None:
        spoken_is_clean(script)


@settings(max_examples=20, deadline=None)
@given(st.lists(WORDS, min_size=2000, max_size=4000).map(" ".join))
def test_very_long_sentences_without_punctuation(text: str) -> None:
    script = through_pipeline("Tiêu đề\n\n" + text)
    assert script is not None and script.segments
    spoken_is_clean(script)


def test_a_one_megabyte_article_is_read_and_one_byte_more_is_refused() -> None:
    paragraph = ("Sáng 15-3, UBND xã Yên Lộc ra quân làm 5 km đường giao thông nông thôn, bà con hiến "
                 "2.000 m2 đất; kinh phí 1,5 tỷ đồng. ")
    text = "Tin tổng hợp\n\n" + "\n\n".join(paragraph * 3 for _ in range(LIMIT // (len(paragraph.encode()) * 3)))
    text = text.encode()[: LIMIT].decode("utf-8", "ignore")
    script = through_pipeline(text)
    assert script is not None and len(script.segments) > 1000
    assert through_pipeline(text + "ạ") is None
