"""The script contract and the API's request and response bodies."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

Role = Literal["title", "narrator", "reporter", "official", "byline"]
JobState = Literal["queued", "running", "done", "failed"]


class Segment(BaseModel):
    index: int
    role: Role
    speaker: str | None = None
    speaker_title: str | None = None
    text: str
    spoken: str
    source_lines: list[int]
    why: str | None = None
    confidence: float = Field(1.0, ge=0, le=1)


class Skipped(BaseModel):
    source_line: int
    reason: str
    text: str
    why: str | None = None
    confidence: float = Field(1.0, ge=0, le=1)


class Script(BaseModel):
    """What the voices read. Other tools read this JSON: add fields, never rename or drop them."""

    title: str | None
    segments: list[Segment]
    skipped: list[Skipped] = Field(default_factory=list)
    # A notice that asks to be broadcast N times a day is kept in that many of the day's slots.
    repeat: int | None = Field(None, ge=1, le=24)


class ArticleIn(BaseModel):
    """An article as text, or as a link to a web page, PDF or Word file that the service fetches."""

    title: str | None = Field(None, max_length=500)
    text: str | None = None
    url: str | None = Field(None, max_length=2000)

    @model_validator(mode="after")
    def _text_or_url(self) -> ArticleIn:
        if (self.text is None) == (self.url is None):
            raise ValueError("send either 'text' or 'url'")
        return self


class VoiceTrackOut(BaseModel):
    """Staff's own reading of one part: used instead of a synthetic voice while `matches` (the part's text is still
    the text that was read); once the text changes it is kept but not used until it is read again."""

    index: int
    matches: bool
    duration_s: float
    username: str | None
    created_at: str
    audio_url: str


class ArticleOut(BaseModel):
    id: str
    title: str | None
    status: str = "draft"
    priority: str = "normal"
    targets: list[str] | None = None
    programme_id: str | None = None
    version: int = 1
    approved_version: int | None = None
    script: Script
    voice_tracks: list[VoiceTrackOut] = Field(default_factory=list)


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    status: str
    priority: str
    created_at: str


class ArticlePatch(BaseModel):
    priority: Literal["normal", "priority", "emergency"] | None = None
    targets: list[str] | None = Field(None, max_length=500)
    all_communes: bool = False
    version: int | None = Field(None, ge=1, description="the version the change was made on (or send If-Match)")


class Decision(BaseModel):
    reason: str | None = Field(None, max_length=2000)
    robot_voice_ok: bool = Field(False, description="the approver heard and accepts parts in the robot (espeak-ng) "
                                                     "voice; without it such a programme is refused with 409")


class AuditOut(BaseModel):
    action: str
    username: str | None
    from_status: str | None
    to_status: str | None
    note: str | None
    at: str
    version: int | None = None


class VersionOut(BaseModel):
    version: int
    why: str
    username: str | None
    at: str
    title: str | None
    changed_lines: list[int] = Field(default_factory=list)  # against the version before it


class LineChange(BaseModel):
    """One source line that differs between two versions: what its part said in each ([role · speaker] text)."""

    line: int
    before: str
    after: str


class RenderOut(BaseModel):
    job_id: str


class JobOut(BaseModel):
    id: str
    article_id: str
    state: JobState
    progress: int
    error: str | None
    programme_id: str | None
    warnings: list[str] = Field(default_factory=list)
    engines: dict[str, int] = Field(default_factory=dict)
    cache_hits: int = 0
    cache_misses: int = 0
    loudness_passes: int = 0


class ProgrammeOut(BaseModel):
    id: str
    duration_s: float
    size_bytes: int
    sha256: str
    integrated_lufs: float
    true_peak_db: float
    loudness_range_lu: float
    audio_url: str


class ErrorOut(BaseModel):
    detail: str


class SegmentEdit(BaseModel):
    """One part of a script as staff correct it: role, speaker and text; the spoken form is recomputed."""

    role: Role
    speaker: str | None = Field(None, max_length=200)
    speaker_title: str | None = Field(None, max_length=500)
    text: str = Field(min_length=1, max_length=50_000)
    source_lines: list[int] = Field(min_length=1, max_length=10_000)


class ScriptEdit(BaseModel):
    segments: list[SegmentEdit] = Field(min_length=1, max_length=5_000)
    version: int | None = Field(None, ge=1, description="the version the edit was made on (or send If-Match)")
    why: Literal["edit", "merge"] = Field("edit", description="'merge': the page re-applied someone's edit on a "
                                                               "newer version; kept in the history")


class LexiconIn(BaseModel):
    term: str = Field(max_length=100)
    spoken: str = Field(max_length=500)
    note: str | None = Field(None, max_length=500)


class LexiconPatch(BaseModel):
    term: str | None = Field(None, max_length=100)
    spoken: str | None = Field(None, max_length=500)
    note: str | None = Field(None, max_length=500)


class LexiconOut(BaseModel):
    id: str
    term: str
    spoken: str
    note: str | None
