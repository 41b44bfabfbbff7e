// The recording session: one part at a time, recorded in the browser (MediaRecorder) or uploaded, listened back.
// Uses say() and api() from app.js.
"use strict";

(() => {
  const session = document.getElementById("voice-session");
  if (!session) return;
  const article = session.dataset.id;
  let live = null; // { recorder, stream, button, part } while a part is being recorded

  const url = (index) => `/api/v1/articles/${article}/script/${index}/voice-track`;

  function show(part, track) {
    const state = part.querySelector(".state");
    const audio = part.querySelector("audio.take");
    const remove = part.querySelector(".remove");
    if (track) {
      state.textContent = `Đã có bản ghi (${track.duration_s.toFixed(1)} giây, ${track.username || ""})`;
      audio.src = `${track.audio_url}?t=${Date.now()}`; // a retake has the same address: load it again
      audio.hidden = false;
    } else {
      state.textContent = "Chưa có bản ghi";
      audio.removeAttribute("src");
      audio.hidden = true;
    }
    if (remove) remove.hidden = !track;
  }

  async function upload(part, blob, name) {
    const index = part.dataset.index;
    const state = part.querySelector(".state");
    state.textContent = "Đang lưu bản ghi…";
    const form = new FormData();
    form.append("file", blob, name);
    try {
      const track = await api("PUT", url(index), form);
      show(part, track);
      say(`Đã lưu bản ghi phần ${Number(index) + 1}.`, true);
    } catch (error) {
      state.textContent = "Chưa lưu được bản ghi";
      say(error.message);
    }
  }

  async function start(part, button) {
    let stream;
    try {
      // Unprocessed: the render levels every part, and a phone-call noise gate or gain control would pump on air.
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      });
    } catch (error) {
      say("Không mở được micrô: hãy cho phép trang dùng micrô (" + error.name + ").");
      return;
    }
    const recorder = new MediaRecorder(stream);
    const chunks = [];
    recorder.addEventListener("dataavailable", (event) => { if (event.data.size) chunks.push(event.data); });
    recorder.addEventListener("stop", () => {
      stream.getTracks().forEach((track) => track.stop());
      const type = recorder.mimeType || "audio/webm";
      upload(part, new Blob(chunks, { type }), type.includes("ogg") ? "doc.ogg" : "doc.webm");
    });
    recorder.start();
    live = { recorder, button, part };
    button.textContent = "Dừng";
    button.setAttribute("aria-pressed", "true");
    part.classList.add("recording");
    part.querySelector(".state").textContent = "Đang ghi âm… bấm Dừng khi đọc xong";
  }

  function stop() {
    if (!live) return;
    const { recorder, button, part } = live;
    live = null;
    recorder.stop();
    button.textContent = `Ghi âm lại phần ${Number(part.dataset.index) + 1}`;
    button.setAttribute("aria-pressed", "false");
    part.classList.remove("recording");
  }

  session.querySelectorAll(".voice-part").forEach((part) => {
    const button = part.querySelector(".record");
    if (!button) return;
    button.addEventListener("click", () => {
      if (live && live.part === part) { stop(); return; }
      stop(); // one part at a time: starting another ends the one in progress
      start(part, button);
    });
    part.querySelector("input[type=file]").addEventListener("change", (event) => {
      const file = event.target.files[0];
      if (file) upload(part, file, file.name);
      event.target.value = "";
    });
    part.querySelector(".remove").addEventListener("click", async () => {
      try {
        await api("DELETE", url(part.dataset.index));
        show(part, null);
        say("Đã xóa bản ghi; phần này sẽ đọc bằng giọng máy.", true);
      } catch (error) { say(error.message); }
    });
  });
  // Opened from a line of the script (?phan=N): its record button has the focus. (Not a #fragment: Chromium's
  // scroll to a fragment, after the scripts ran, takes the focus away again.)
  const wanted = new URLSearchParams(location.search).get("phan");
  if (wanted) document.getElementById(`phan-${wanted}`)?.querySelector(".record")?.focus();
})();
