"""A local stand-in for Google Cloud Text-to-Speech's REST API, as documented: POST /v1/text:synthesize
with the key in `x-goog-api-key` and JSON {input: {text}, voice: {languageCode, name}, audioConfig:
{audioEncoding}}; the answer is JSON {audioContent: base64}. Errors are Google's JSON error objects.

Extra answers for the schedule: `unauthorized` (a wrong key, 403), `garbage` (audioContent is not MP3).
"""

from __future__ import annotations

import base64
import json

from tests.fakes.cloud import FakeCloud, Reply, speech_for

API_KEY = "test-google-key"
VOICES = {f"vi-VN-{kind}-{letter}": gender for kind in ("Standard", "Wavenet")
          for letter, gender in (("A", "female"), ("B", "male"), ("C", "female"), ("D", "male"))}
VOICES.update({"vi-VN-Neural2-A": "female", "vi-VN-Neural2-D": "male"})


def error(code: int, status: str, message: str) -> Reply:
    return Reply.json(code, {"error": {"code": code, "message": message, "status": status}})


class FakeGoogleCloud(FakeCloud):
    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        if method != "POST" or path.split("?")[0] != "/v1/text:synthesize":
            return error(404, "NOT_FOUND", "no such method")
        request = json.loads(body)
        answer = self.next_answer()
        voice = request.get("voice", {})
        self.record({"text": request.get("input", {}).get("text"), "voice": voice.get("name"),
                     "language": voice.get("languageCode"), "config": request.get("audioConfig", {}),
                     "api_key": headers.get("x-goog-api-key")}, answer)
        if answer == "429":
            self.common("ok")  # the latency
            return error(429, "RESOURCE_EXHAUSTED", "Quota exceeded")
        common = self.common(answer)
        if common:
            return common
        if headers.get("x-goog-api-key") != API_KEY or answer == "unauthorized":
            return error(403, "PERMISSION_DENIED", "API key not valid")
        if voice.get("name") not in VOICES or voice.get("languageCode") != "vi-VN":
            return error(400, "INVALID_ARGUMENT", "Voice does not exist")
        if request.get("audioConfig", {}).get("audioEncoding") not in ("MP3", 2):
            return error(400, "INVALID_ARGUMENT", "only MP3 in this fake")
        text = request["input"]["text"]
        female = VOICES[voice["name"]] == "female"
        audio = b"not audio at all" if answer == "garbage" else speech_for(text, "mp3", female)
        return Reply.json(200, {"audioContent": base64.b64encode(audio).decode("ascii")})
