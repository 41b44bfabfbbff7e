"""A local stand-in for Viettel AI text-to-speech, as documented: POST /tts/speech_synthesis with JSON
{text, voice, speed, tts_return_option, token, without_filter}; the answer is the MP3 itself, or JSON
with a code and messages when the token or the voice is wrong.

Extra answers for the schedule: `unauthorized` (a refused token), `garbage` (bytes that are not MP3).
"""

from __future__ import annotations

import json

from tests.fakes.cloud import FakeCloud, Reply, speech_for

TOKEN = "test-viettel-token"
VOICES = {"hn-quynhanh": "female", "hn-phuongtrang": "female", "hn-thaochi": "female", "hn-thanhtung": "male",
          "hn-namkhanh": "male", "hn-tienquan": "male", "hue-maingoc": "female", "hue-baoquoc": "male",
          "hcm-diemmy": "female", "hcm-phuongly": "female", "hcm-thuydung": "female", "hcm-minhquan": "male"}


class FakeViettel(FakeCloud):
    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        if method != "POST" or path != "/tts/speech_synthesis":
            return Reply.json(404, {"message": "no route"})
        request = json.loads(body)
        answer = self.next_answer()
        self.record(request, answer)
        common = self.common(answer)
        if common:
            return common
        if request.get("token") != TOKEN or answer == "unauthorized":
            return Reply.json(200, {"code": 401, "vi_message": "Token không hợp lệ", "en_message": "Invalid token"})
        if request.get("voice") not in VOICES or not request.get("text"):
            return Reply.json(200, {"code": 400, "vi_message": "Giọng đọc không hợp lệ", "en_message": "Bad voice"})
        if answer == "garbage":
            return Reply(200, b"<html>gateway</html>", "audio/mpeg")
        return Reply(200, speech_for(request["text"], "mp3", VOICES[request["voice"]] == "female"), "audio/mpeg")
