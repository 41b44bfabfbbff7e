"""Vbee AIVoice text-to-speech: northern (hn_), central (hue_) and southern (sg_) voices, male and female.

The API is asynchronous (Vbee's "Đặc tả API"): POST /api/v1/tts with `Authorization: Bearer TOKEN` and JSON
{app_id, callback_url, input_text, voice_code, audio_type, bitrate, speed_rate}; the answer is
{status: 1, result: {request_id, status: "IN_PROGRESS"}} or {status: 0, error_code, error_message}. Vbee posts
the result to the callback URL, which a station on a local network cannot receive, so we poll
GET /api/v1/tts/{request_id} instead until its status is SUCCESS (with `audio_link`) or FAILURE, within a
deadline (BANTIN_VBEE_POLL_DEADLINE_S), then fetch the audio link.

A Vbee account has two credentials, the app's id and its token: bantin keeps them as one secret
"APP_ID:TOKEN" (BANTIN_VBEE_APP_ID and BANTIN_VBEE_TOKEN, or a station's own key in that form).
"""

from __future__ import annotations

import time
from typing import Any

from service.settings import Settings
from workers.tts.base import Speech, Voice
from workers.tts.http import CloudEngine, Refused, Retryable, classify, is_audio

PATH = "/api/v1/tts"

# voice_code -> (region, gender), from Vbee's list of Vietnamese voice codes
VOICES: dict[str, tuple[str, str]] = {
    "hn_female_ngochuyen_full_48k-fhg": ("north", "female"),
    "hn_female_maiphuong_vdts_48k-fhg": ("north", "female"),
    "hn_male_manhdung_news_48k-fhg": ("north", "male"),
    "hn_male_thanhlong_talk_48k-fhg": ("north", "male"),
    "hn_male_phuthang_news65dt_44k-fhg": ("north", "male"),
    "hue_female_huonggiang_full_48k-fhg": ("central", "female"),
    "hue_male_duyphuong_full_48k-fhg": ("central", "male"),
    "sg_female_thaotrinh_full_48k-fhg": ("south", "female"),
    "sg_female_lantrinh_vdts_48k-fhg": ("south", "female"),
    "sg_male_minhhoang_full_48k-fhg": ("south", "male"),
    "sg_male_trungkien_vdts_48k-fhg": ("south", "male"),
}


def speed_rate(voice: Voice) -> str:
    """Vbee's speed (0.1-1.9, one decimal, 1.0 normal) from the voice set's rate in words a minute (160)."""
    return f"{min(1.9, max(0.1, (voice.rate or 160) / 160)):.1f}"


def split_secret(secret: str) -> tuple[str, str]:
    """'APP_ID:TOKEN' -> (app id, token); a key without the app id is refused, not sent."""
    app_id, _, token = secret.partition(":")
    if not app_id or not token:
        raise Refused("the Vbee key must be APP_ID:TOKEN (the app's id, a colon, then its token)")
    return app_id.strip(), token.strip()


def _answer(reply: Any, what: str) -> dict[str, Any]:
    """Vbee's JSON answer; a refusal ({status: 0}) in Vbee's words."""
    classify(reply, "Vbee")
    try:
        answer = reply.json()
    except ValueError as exc:
        raise Retryable(f"the {what} answer was not JSON") from exc
    if not isinstance(answer, dict):
        raise Retryable(f"the {what} answer was not a JSON object")
    if answer.get("status") != 1:
        raise Refused(f"Vbee refused the request: error {answer.get('error_code')}: {answer.get('error_message')}")
    result = answer.get("result")
    if not isinstance(result, dict):
        raise Retryable(f"the {what} answer held no result")
    return result


class VbeeEngine(CloudEngine):
    name = "vbee"
    max_chars = 2000  # Vbee takes long texts; shorter pieces lose less when one fails
    fmt = "mp3"
    voice_names = tuple(VOICES)

    secret_env = "BANTIN_VBEE_APP_ID and BANTIN_VBEE_TOKEN"

    def installation_secret(self, settings: Settings) -> str:
        token = settings.vbee_token.get_secret_value()
        return f"{settings.vbee_app_id}:{token}" if settings.vbee_app_id and token else ""

    def endpoint(self, settings: Settings) -> str:
        return settings.vbee_base_url.rstrip("/") + PATH

    def rate_per_s(self, settings: Settings) -> float:
        return settings.vbee_rate_per_s

    def attempt(self, settings: Settings, text: str, voice: Voice, secret: str) -> Speech:
        app_id, token = split_secret(secret)
        body = {"app_id": app_id, "callback_url": settings.vbee_callback_url, "input_text": text,
                "voice_code": voice.name, "audio_type": self.fmt, "bitrate": 128, "speed_rate": speed_rate(voice)}
        auth = {"Authorization": f"Bearer {token}"}
        created = _answer(self.http.send("POST", self.endpoint(settings), settings, json=body, headers=auth), "request")
        request_id = created.get("request_id")
        if not isinstance(request_id, str) or not request_id:
            raise Retryable("the answer held no request_id")
        link = self.audio_link(settings, request_id, auth)
        reply = self.http.send("GET", link, settings)
        classify(reply, "Vbee")
        if not is_audio(reply.content, self.fmt):
            raise Retryable("the audio link gave something that is not MP3")
        return Speech(data=reply.content, sample_rate=22_050, fmt=self.fmt)

    def audio_link(self, settings: Settings, request_id: str, auth: dict[str, str]) -> str:
        """The request polled until Vbee says SUCCESS (its audio link) or FAILURE, or the deadline passes."""
        deadline = time.monotonic() + settings.vbee_poll_deadline_s
        url = f"{self.endpoint(settings)}/{request_id}"
        while True:
            result = _answer(self.http.send("GET", url, settings, headers=auth), "status")
            state = result.get("status")
            if state == "SUCCESS":
                link = result.get("audio_link")
                if result.get("audio_expired") or not isinstance(link, str) or not link.startswith(("http://", "https://")):
                    raise Retryable("Vbee said SUCCESS without a usable audio link")
                return link
            if state == "FAILURE":
                raise Retryable("Vbee could not synthesise the text (status FAILURE)")
            if time.monotonic() + settings.vbee_poll_interval_s > deadline:
                raise Retryable(f"the audio was not ready within {settings.vbee_poll_deadline_s:g} s")
            time.sleep(settings.vbee_poll_interval_s)
