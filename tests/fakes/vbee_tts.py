"""A local stand-in for Vbee's text-to-speech API, as documented ("Đặc tả API", "Get Request"):
POST /api/v1/tts with `Authorization: Bearer TOKEN` and JSON {app_id, callback_url, input_text, voice_code,
audio_type, bitrate, speed_rate} answers {status: 1, result: {request_id, status: IN_PROGRESS, ...}};
GET /api/v1/tts/{request_id} answers the request with `status` IN_PROGRESS until the audio is ready
`ready_after` seconds later, then SUCCESS and `audio_link`; the link gives the MP3. A refusal is
{status: 0, error_code, error_message}; a wrong token is HTTP 401.

Extra answers for the schedule: `unauthorized` (HTTP 401), `error` (status 0), `never` (IN_PROGRESS for
ever), `failure` (status FAILURE), `garbage` (the audio link gives bytes that are not MP3).
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from tests.fakes.cloud import FakeCloud, Reply, speech_for

APP_ID = "b5cdad60-6637-4061-98e4-aa9a3ba80932"
TOKEN = "test-vbee-jwt"
SECRET = f"{APP_ID}:{TOKEN}"
VOICES = {"hn_female_ngochuyen_full_48k-fhg": "female", "hn_female_maiphuong_vdts_48k-fhg": "female",
          "hn_male_manhdung_news_48k-fhg": "male", "hn_male_thanhlong_talk_48k-fhg": "male",
          "hn_male_phuthang_news65dt_44k-fhg": "male", "hue_female_huonggiang_full_48k-fhg": "female",
          "hue_male_duyphuong_full_48k-fhg": "male", "sg_female_thaotrinh_full_48k-fhg": "female",
          "sg_female_lantrinh_vdts_48k-fhg": "female", "sg_male_minhhoang_full_48k-fhg": "male",
          "sg_male_trungkien_vdts_48k-fhg": "male"}


def _refusal(code: int, message: str) -> Reply:
    return Reply.json(200, {"status": 0, "error_code": code, "error_message": message})


class FakeVbee(FakeCloud):
    def __init__(self, *, ready_after: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ready_after = ready_after
        self.jobs: dict[str, dict[str, Any]] = {}  # request id -> its state
        self.polls = 0

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        if method == "POST" and path == "/api/v1/tts":
            return self._create(headers, body)
        if method == "GET" and path.startswith("/api/v1/tts/"):
            return self._status(headers, path.rsplit("/", 1)[1])
        if method == "GET" and path.startswith("/synthesis/"):
            return self._audio(path)
        return Reply.json(404, {"message": "no route"})

    def _create(self, headers: dict[str, str], body: bytes) -> Reply:
        try:
            request = json.loads(body)
        except ValueError:
            return _refusal(400, "Body must be JSON")
        answer = self.next_answer()
        self.record({**request, "text": request.get("input_text"), "voice": request.get("voice_code"),
                     "authorization": headers.get("authorization")}, answer)
        common = self.common(answer)
        if common:
            return common
        if headers.get("authorization") != f"Bearer {TOKEN}" or answer == "unauthorized":
            return Reply.json(401, {"status": 0, "error_code": 401, "error_message": "Unauthorized"})
        if request.get("app_id") != APP_ID:
            return _refusal(1001, "App not found")
        if not request.get("callback_url"):
            return _refusal(400, "callback_url is required")
        voice, text = request.get("voice_code"), request.get("input_text") or ""
        if voice not in VOICES or answer == "error":
            return _refusal(1002, "Voice code is invalid")
        if not text.strip():
            return _refusal(400, "input_text is required")
        request_id = str(uuid.uuid4())
        audio = b"<html>not audio</html>" if answer == "garbage" else speech_for(text, "mp3",
                                                                                 VOICES[voice] == "female")
        ready = float("inf") if answer == "never" else time.monotonic() + self.ready_after
        with self.lock:
            self.jobs[request_id] = {"ready": ready, "audio": audio, "failure": answer == "failure",
                                     "voice_code": voice, "characters": len(text)}
        return Reply.json(200, {"status": 1, "result": {
            "app_id": APP_ID, "request_id": request_id, "characters": len(text), "voice_code": voice,
            "audio_type": request.get("audio_type", "mp3"), "speed_rate": request.get("speed_rate", "1.0"),
            "bitrate": request.get("bitrate", 128), "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "status": "IN_PROGRESS"}})

    def _status(self, headers: dict[str, str], request_id: str) -> Reply:
        with self.lock:
            self.polls += 1
            job = self.jobs.get(request_id)
        if headers.get("authorization") != f"Bearer {TOKEN}":
            return Reply.json(401, {"status": 0, "error_code": 401, "error_message": "Unauthorized"})
        if job is None:
            return _refusal(404, "Request not found")
        result: dict[str, Any] = {"app_id": APP_ID, "request_id": request_id, "voice_code": job["voice_code"],
                                  "characters": job["characters"], "audio_type": "mp3", "bitrate": 128}
        if job["failure"]:
            result.update(status="FAILURE", progress=100)
        elif time.monotonic() < job["ready"]:
            result.update(status="IN_PROGRESS", progress=50)
        else:
            result.update(status="SUCCESS", progress=100, audio_expired=False,
                          audio_link=f"{self.url}/synthesis/{request_id}.mp3")
        return Reply.json(200, {"status": 1, "result": result})

    def _audio(self, path: str) -> Reply:
        request_id = path.rsplit("/", 1)[1].removesuffix(".mp3")
        with self.lock:
            job = self.jobs.get(request_id)
        if job is None:
            return Reply(404, b"<Error><Code>NoSuchKey</Code></Error>", "application/xml")
        return Reply(200, job["audio"], "audio/mpeg")
