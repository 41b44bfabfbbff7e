// The voices page: the station's own keys for paid voices, and piper voices installed from files.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const keyForm = document.getElementById("key-form");
  if (keyForm) keyForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const engine = keyForm.engine.value;
    try {
      await api("PUT", `/api/v1/station/voice-credentials/${engine}`, { secret: keyForm.secret.value });
      keyForm.secret.value = "";
      sayAfterReload("Đã lưu khóa.");
    } catch (error) { say(error.message); }
  });
  document.querySelectorAll("#keys .forget-key").forEach((button) => button.addEventListener("click", async () => {
    if (!window.confirm("Xóa khóa riêng của đài cho nhà cung cấp này?")) return;
    try {
      await api("DELETE", `/api/v1/station/voice-credentials/${button.closest("tr").dataset.engine}`);
      sayAfterReload("Đã xóa khóa.");
    } catch (error) { say(error.message); }
  }));
  const piperForm = document.getElementById("piper-form");
  if (piperForm) piperForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = piperForm.querySelector("button");
    button.disabled = true;
    say("Đang tải lên và thử giọng…", true);
    try {
      const voice = await api("POST", "/api/v1/voices/piper", new FormData(piperForm));
      sayAfterReload(`Đã cài giọng ${voice.name}.`);
    } catch (error) {
      say(error.status === 413 ? "Tệp quá lớn." : error.message);
    } finally { button.disabled = false; }
  });
});
