"""All of bantin's settings, in one place, read from BANTIN_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Each field is documented in the README's settings table; keep the two in step."""

    model_config = SettingsConfigDict(env_prefix="BANTIN_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("data")
    database_url: str = ""
    broker_url: str = ""
    audio_dir: Path | None = None
    storage: Literal["local", "s3"] = "local"
    s3_bucket: str = "bantin"
    s3_endpoint_url: str = ""
    s3_region: str = "us-east-1"
    s3_access_key_id: str = ""
    s3_secret_access_key: SecretStr = SecretStr("")
    s3_prefix: str = ""

    log_format: Literal["json", "text"] = "json"
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_workers: int = Field(1, ge=1)
    accel_redirect: str = ""

    max_article_bytes: int = Field(1_000_000, gt=0)
    ocr_command: str = "tesseract"  # reads photos and scanned PDFs of notices, where installed with Vietnamese
    engines: str = "gtts,espeak"
    redis_url: str = ""
    gtts_base_url: str = "https://translate.google.com"
    gtts_connect_timeout_s: float = 3.0
    gtts_read_timeout_s: float = 10.0
    gtts_max_attempts: int = Field(5, ge=1)
    gtts_backoff_base_s: float = 0.5
    gtts_backoff_max_s: float = 8.0
    gtts_throttle_budget_s: float = Field(60.0, ge=0)
    gtts_rate_per_s: float = Field(8.0, gt=0)
    gtts_burst: int = Field(8, ge=1)
    breaker_cooldown_s: float = Field(30.0, gt=0)
    tts_rate_floor_per_s: float = Field(0.5, gt=0)
    tts_rate_cut: float = Field(0.5, gt=0, lt=1)
    tts_rate_recovery_s: float = Field(60.0, ge=0)
    preview_wait_s: float = Field(120.0, ge=0)
    fallback_margin_s: float = Field(300.0, ge=0)
    upgrade_margin_s: float = Field(120.0, ge=0)
    upgrade_retry_s: float = Field(60.0, gt=0)
    cloud_connect_timeout_s: float = 3.0
    cloud_read_timeout_s: float = 15.0
    cloud_max_attempts: int = Field(4, ge=1)
    cloud_backoff_base_s: float = 0.5
    cloud_backoff_max_s: float = 8.0
    cloud_throttle_budget_s: float = Field(60.0, ge=0)
    cloud_monthly_caps: str = ""
    credentials_key: SecretStr = SecretStr("")
    fptai_base_url: str = "https://api.fpt.ai"
    fptai_api_key: SecretStr = SecretStr("")
    fptai_rate_per_s: float = Field(5.0, gt=0)
    fptai_poll_interval_s: float = Field(0.5, gt=0)
    fptai_poll_deadline_s: float = Field(30.0, gt=0)
    viettel_base_url: str = "https://viettelai.vn"
    viettel_token: SecretStr = SecretStr("")
    viettel_rate_per_s: float = Field(5.0, gt=0)
    vbee_base_url: str = "https://vbee.vn"
    vbee_app_id: str = ""
    vbee_token: SecretStr = SecretStr("")
    vbee_rate_per_s: float = Field(5.0, gt=0)
    vbee_poll_interval_s: float = Field(0.5, gt=0)
    vbee_poll_deadline_s: float = Field(30.0, gt=0)
    # Vbee requires a callback URL; bantin polls instead (a station's LAN cannot be reached from Vbee).
    vbee_callback_url: str = "https://example.invalid/bantin-polls-instead"
    google_cloud_endpoint: str = "texttospeech.googleapis.com"
    google_cloud_api_key: SecretStr = SecretStr("")
    google_cloud_rate_per_s: float = Field(10.0, gt=0)
    synth_concurrency: int = Field(8, ge=1)
    cache_max_mb: int = Field(2048, ge=1)
    piper_voices_dir: Path | None = None
    piper_voice: str = ""
    voice_set: str = "default"
    voices_file: Path = Path(__file__).resolve().parent / "data" / "voices.toml"
    listen_wait_s: float = Field(20.0, gt=0)  # how long "listen to one line" waits for the workers before a 202
    house_sample_rate: int = 22_050  # espeak-ng and most piper voices speak at this rate: no resampling per clip
    delivery_profile: str = "loudspeaker"
    encode_concurrency: int = Field(2, ge=1)
    station_name: str = "Đài truyền thanh xã"
    template: str = "house"
    max_upload_bytes: int = Field(20_000_000, gt=0)
    voice_track_max_s: float = Field(600.0, gt=0)  # the longest reading of one part staff may upload
    max_voice_model_bytes: int = Field(300_000_000, gt=0)  # a piper voice (.onnx) uploaded on the page: "high" ~120 MB
    voice_model_wait_s: float = Field(120.0, gt=0)  # how long that upload waits for a worker to load and try it
    voice_track_wait_s: float = Field(30.0, gt=0)  # how long an upload waits for a worker to check its audio
    fetch_timeout_s: float = Field(15.0, gt=0)
    fetch_allow_hosts: str = ""
    default_slots: str = "morning=06:00,evening=17:00"
    slot_lead_minutes: int = Field(30, ge=1)
    slot_max_minutes: int = Field(15, ge=1)
    timezone: str = "Asia/Ho_Chi_Minh"
    retention_days: int = Field(30, ge=1)
    session_hours: float = 12.0
    login_max_failures: int = 5
    login_window_s: int = 900
    admin_username: str = ""
    admin_password: str = ""

    job_stale_s: int = Field(600, ge=1)
    job_max_attempts: int = Field(3, ge=1)
    recovery_interval_s: float = Field(60.0, gt=0)

    task_soft_time_limit_s: int = 900
    task_time_limit_s: int = 1200
    templates_dir: Path = Path(__file__).resolve().parent.parent / "audio_templates"

    @field_validator("cloud_monthly_caps")
    @classmethod
    def _caps_are_engine_equals_number(cls, value: str) -> str:
        from service.voice_usage import parse_caps

        parse_caps(value)  # a typo fails at start, not at the first render of the month
        return value

    @model_validator(mode="after")
    def _credentials_key_in_production(self) -> Settings:
        # Stations' provider keys are stored encrypted with it; without it in production they could not be
        # read, and a default key would be no secret at all.
        if self.environment == "production" and not self.credentials_key.get_secret_value():
            raise ValueError("BANTIN_CREDENTIALS_KEY must be set in production; make one with: python -c "
                             "'from cryptography.fernet import Fernet as F; print(F.generate_key().decode())'")
        return self

    @model_validator(mode="after")
    def _embedded_defaults(self) -> Settings:
        # With nothing configured everything lives under data_dir, so a fresh checkout runs as is.
        data = self.data_dir.resolve()
        if not self.database_url:
            self.database_url = f"sqlite:///{data / 'bantin.db'}"
        if not self.broker_url:
            self.broker_url = f"sqla+sqlite:///{data / 'broker.db'}"
        if self.audio_dir is None:
            self.audio_dir = data / "audio"
        if self.piper_voices_dir is None:
            self.piper_voices_dir = data / "voices"
        if not self.redis_url and self.broker_url.startswith(("redis://", "rediss://")):
            self.redis_url = self.broker_url
        return self

    @property
    def audio_root(self) -> Path:
        assert self.audio_dir is not None
        return self.audio_dir

    @property
    def fetch_allowed_hosts(self) -> frozenset[str]:
        return frozenset(h.strip().lower() for h in self.fetch_allow_hosts.split(",") if h.strip())

    @property
    def engine_chain(self) -> list[str]:
        return [name.strip() for name in self.engines.split(",") if name.strip()]


@lru_cache
def get_settings() -> Settings:
    return Settings()
