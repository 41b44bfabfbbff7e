// A little JavaScript: the page's actions go to the JSON API with the session's CSRF token.
"use strict";

const say = (text, ok = false) => {
  const box = document.getElementById("message");
  if (!box) return;
  box.textContent = text;
  box.className = ok ? "ok" : "error";
};

let csrf = null;
async function csrfToken() {
  if (csrf) return csrf;
  const me = await fetch("/api/v1/me");
  if (me.ok) csrf = (await me.json()).csrf_token;
  return csrf;
}

async function api(method, url, body, extraHeaders = {}) {
  const headers = { "X-CSRF-Token": (await csrfToken()) || "", ...extraHeaders };
  const options = { method, headers };
  if (body instanceof FormData) options.body = body;
  else if (body !== undefined) { headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body); }
  const response = await fetch(url, options);
  const data = response.status === 204 ? {} : await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(data.detail || `Lỗi ${response.status}`);
    Object.assign(error, { status: response.status, data });
    throw error;
  }
  return data;
}

function wireLogin() {
  const form = document.getElementById("login-form");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch("/api/v1/auth/login", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: form.username.value, password: form.password.value }),
    });
    if (response.ok) { window.location = "/bai-viet"; return; }
    const data = await response.json().catch(() => ({}));
    say(response.status === 429 ? data.detail : "Sai tên đăng nhập hoặc mật khẩu.");
  });
}

function wireLogout() {
  const button = document.getElementById("logout");
  if (button) button.addEventListener("click", async () => {
    await api("POST", "/api/v1/auth/logout").catch(() => {});
    window.location = "/dang-nhap";
  });
}

function wireNewArticle() {
  const form = document.getElementById("new-article");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      let article;
      if (form.file.files.length) {
        const data = new FormData();
        data.append("file", form.file.files[0]);
        if (form.title.value.trim()) data.append("title", form.title.value.trim());
        article = await api("POST", "/api/v1/articles", data);
      } else if (form.url.value.trim()) {
        say("Đang tải trang…", true);
        article = await api("POST", "/api/v1/articles", { title: form.title.value.trim() || null, url: form.url.value.trim() });
      } else {
        article = await api("POST", "/api/v1/articles", { title: form.title.value.trim() || null, text: form.text.value });
      }
      window.location = `/bai-viet/${article.id}`;
    } catch (error) { say(error.message); }
  });
}

// The parts as the page shows them (the API's SegmentEdit), read from the rows of the script.
function partsFromPage() {
  return [...document.querySelectorAll("#lines li.part")].map((row) => ({
    role: row.dataset.role,
    speaker: row.dataset.speaker || null,
    speaker_title: row.dataset.speakerTitle || null,
    text: row.querySelector(".text").textContent,
    source_lines: row.dataset.lines.split(",").map(Number),
  }));
}

async function follow(jobId) {
  const bar = document.getElementById("progress");
  for (;;) {
    const job = await api("GET", `/api/v1/jobs/${jobId}`);
    bar.value = job.progress;
    bar.textContent = `${job.progress}%`;
    if (job.state === "done") { say("Đã thu âm xong.", true); window.location.reload(); return; }
    if (job.state === "failed") { say(`Thu âm thất bại: ${job.error}`); return; }
    await new Promise((resolve) => setTimeout(resolve, 700));
  }
}

// A message that survives the reload which shows the saved article.
function sayAfterReload(text) {
  sessionStorage.setItem("bantin-message", text);
  setTimeout(() => window.location.reload(), 400);
}

function showCarriedMessage() {
  const text = sessionStorage.getItem("bantin-message");
  if (!text) return;
  sessionStorage.removeItem("bantin-message");
  say(text, true);
}

// Both people changed the same part: show both and let this person choose; null when they cancel.
function askAbout(conflicts, who) {
  const dialog = document.getElementById("conflicts");
  const list = dialog.querySelector(".conflict-list");
  list.replaceChildren();
  conflicts.forEach((conflict, n) => {
    const set = document.createElement("fieldset");
    set.className = "conflict";
    const legend = document.createElement("legend");
    legend.textContent = conflict.theirs ? `Phần ${conflict.index + 1}: cả bạn và ${who} đều sửa`
      : `Các dòng ${conflict.key}: ${who} đã chia lại phần này; bản của bạn không giữ được, hãy sửa lại`;
    set.append(legend);
    const option = (value, label, text, checked) => {
      const row = document.createElement("label");
      const input = Object.assign(document.createElement("input"),
                                  { type: "radio", name: `choice-${n}`, value, checked });
      input.dataset.key = conflict.key;
      const quote = document.createElement("q");
      quote.textContent = text;
      row.append(input, ` ${label}: `, quote);
      set.append(row);
    };
    option("mine", "Giữ bản của tôi", conflict.mine.text, Boolean(conflict.theirs));
    if (conflict.theirs) option("theirs", `Lấy bản của ${who}`, conflict.theirs.text, false);
    list.append(set);
  });
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      if (dialog.returnValue !== "save") { resolve(null); return; }
      const choices = {};
      dialog.querySelectorAll("input[type=radio]:checked").forEach((input) => { choices[input.dataset.key] = input.value; });
      resolve(choices);
    }, { once: true });
  });
}

// Save on the version the page was loaded with. If someone saved since (412), re-apply this person's own
// changes on top of theirs and ask only about parts both changed.
async function saveScript(url, loaded, mine) {
  let changed = "";
  try {
    await api("PUT", `${url}/script`, { segments: mine, version: loaded });
    sayAfterReload("Đã lưu kịch bản.");
    return;
  } catch (error) {
    if (error.status !== 412) throw error;
    say(error.message);
    changed = error.message.split(" (")[0];  // "Bài vừa được … sửa lúc …"
  }
  const base = (await api("GET", `${url}/versions/${loaded}`)).segments;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const current = await api("GET", url);
    const who = (await api("GET", `${url}/versions`)).at(-1).username;
    const merged = mergeParts(base, mine, current.script.segments);
    let parts = merged.parts;
    if (merged.conflicts.length) {
      const choices = await askAbout(merged.conflicts, who);
      if (choices === null) { say("Chưa lưu: hãy tải lại trang để xem bản mới rồi sửa lại."); return; }
      parts = resolveParts(merged, choices);
    }
    try {
      await api("PUT", `${url}/script`, { segments: parts, version: current.version, why: "merge" });
      const news = attempt ? `Bài vừa được ${who} sửa` : changed;
      sayAfterReload(`${news}; đã gộp bản sửa của bạn vào phiên bản ${current.version + 1}.`);
      return;
    } catch (error) {
      if (error.status !== 412) throw error;  // someone saved again meanwhile: merge once more
    }
  }
  say("Bài đang được sửa liên tục; hãy tải lại trang rồi sửa lại.");
}

function wireArticle() {
  const article = document.getElementById("article");
  if (!article) return;
  const id = article.dataset.id;
  const url = `/api/v1/articles/${id}`;
  const act = (buttonId, run, done) => {
    const button = document.getElementById(buttonId);
    if (button) button.addEventListener("click", async () => {
      try { await run(); say(done, true); setTimeout(() => window.location.reload(), 400); }
      catch (error) { say(error.message); }
    });
  };
  wireReview(url, Number(article.dataset.version));
  const render = document.getElementById("render");
  if (render) render.addEventListener("click", async () => {
    try { const job = await api("POST", `${url}/render`); say("Đang thu âm…", true); await follow(job.job_id); }
    catch (error) { say(error.message); }
  });
  act("submit-review", () => api("POST", `${url}/submit`), "Đã gửi duyệt.");
  act("approve", () => {
    const confirmed = document.getElementById("robot-ok");
    return api("POST", `${url}/approve`, { robot_voice_ok: Boolean(confirmed && confirmed.checked) });
  }, "Đã duyệt.");
  act("reject", () => api("POST", `${url}/reject`, { reason: document.getElementById("reject-reason").value }), "Đã từ chối.");
  const priority = document.getElementById("priority");
  if (priority) priority.addEventListener("change", async () => {
    try { await api("PATCH", url, { priority: priority.value }); say("Đã đổi mức ưu tiên.", true); }
    catch (error) { say(error.message); }
  });
  document.querySelectorAll("button.restore").forEach((button) => button.addEventListener("click", async () => {
    try {
      await api("POST", `${url}/versions/${button.dataset.version}/restore`, undefined,
                { "If-Match": `"${article.dataset.version}"` });
      sayAfterReload(`Đã khôi phục phiên bản ${button.dataset.version} thành phiên bản mới.`);
    } catch (error) { say(error.message); }
  }));
  if (article.dataset.job) follow(article.dataset.job).catch((error) => say(error.message));
}

// The script page read like a proofreader reads: one row per line of the original, a cursor moved with the keys,
// each fix saved at once (a new version, in the log) and the page shown again on the same line.
function wireReview(url, loaded) {
  const list = document.getElementById("lines");
  if (!list) return;
  const rows = () => [...list.querySelectorAll("li.row")];
  const editor = document.getElementById("line-editor");
  const canEdit = Boolean(editor);
  let current = null;

  const select = (row) => {
    if (!row) return;
    if (current) current.classList.remove("current");
    current = row;
    row.classList.add("current");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  };
  const move = (step) => {
    const all = rows();
    select(all[Math.min(all.length - 1, Math.max(0, all.indexOf(current) + step))]);
  };
  const nextDoubt = () => {
    const all = rows();
    const start = all.indexOf(current);
    const doubtful = all.filter((row) => row.classList.contains("doubtful"));
    select(doubtful.find((row) => all.indexOf(row) > start) || doubtful[0]);
  };
  const partIndex = (row) => [...list.querySelectorAll("li.part")].indexOf(row);

  const save = async (parts) => {
    sessionStorage.setItem("bantin-line", current ? current.dataset.line : "");
    try { await saveScript(url, loaded, parts); } catch (error) { say(error.message); }
  };
  const setVoice = (row, role) => {
    if (row.classList.contains("part")) save(setRole(partsFromPage(), partIndex(row), role));
    else save(readLine(partsFromPage(), Number(row.dataset.line), row.querySelector(".text").textContent, role));
  };
  const toggle = (row) => {
    if (row.classList.contains("part")) save(skipPart(partsFromPage(), partIndex(row)));
    else setVoice(row, "narrator");
  };

  let timer = null;
  const preview = (text) => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try { editor.querySelector(".spoken-text").textContent = (await api("POST", "/api/v1/normalize", { text })).spoken; }
      catch (error) { /* the preview is a convenience */ }
    }, 300);
  };
  const open = (row) => {
    if (!canEdit || !row) return;
    select(row);
    const part = row.classList.contains("part");
    editor.elements.namedItem("role").value = row.dataset.role || "narrator";
    editor.elements.namedItem("speaker").value = row.dataset.speaker || "";
    editor.elements.namedItem("text").value = row.querySelector(".text").textContent;
    editor.querySelector(".spoken-text").textContent = part ? row.querySelector(".spoken").textContent : "";
    if (!part) preview(editor.elements.namedItem("text").value);
    editor.querySelector("[data-op=toggle]").textContent = part ? "Bỏ đọc" : "Đọc dòng này";
    editor.querySelector("[data-op=merge]").hidden = !part || partIndex(row) < 1;
    editor.querySelector("[data-op=split]").hidden = !part;
    row.after(editor);
    editor.hidden = false;
    editor.elements.namedItem("text").focus();
  };
  const close = () => {
    if (!canEdit || editor.hidden) return;
    editor.hidden = true;
    select(current);
  };

  if (canEdit) {
    editor.elements.namedItem("text").addEventListener("input", () => preview(editor.elements.namedItem("text").value));
    editor.addEventListener("submit", (event) => {
      event.preventDefault();
      const changes = { role: editor.elements.namedItem("role").value, speaker: editor.elements.namedItem("speaker").value.trim() || null, text: editor.elements.namedItem("text").value };
      if (current.classList.contains("part")) {
        const parts = partsFromPage();
        const same = parts[partIndex(current)].speaker === changes.speaker;
        save(editPart(parts, partIndex(current), same ? changes : { ...changes, speaker_title: null }));
      } else {
        const parts = readLine(partsFromPage(), Number(current.dataset.line), changes.text, changes.role);
        save(editPart(parts, parts.findIndex((p) => p.source_lines[0] === Number(current.dataset.line)), changes));
      }
    });
    editor.addEventListener("click", (event) => {
      const op = event.target.dataset && event.target.dataset.op;
      if (!op) return;
      if (op === "cancel") close();
      else if (op === "toggle") toggle(current);
      else if (op === "merge") save(mergeUp(partsFromPage(), partIndex(current)));
      else if (op === "split") {
        const parts = editPart(partsFromPage(), partIndex(current), { text: editor.elements.namedItem("text").value });
        save(splitAt(parts, partIndex(current), editor.elements.namedItem("text").selectionStart));
      }
    });
    editor.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.preventDefault(); close(); }
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); editor.requestSubmit(); }
    });
  }
  list.addEventListener("click", (event) => {
    const row = event.target.closest("li.row");
    if (!row) return;
    if (canEdit) open(row); else select(row);
  });
  // Hear the line under the cursor, spoken now by the same engines as a render; say which engine it was.
  const ENGINE_NAMES = { gtts: "Google (gTTS)", espeak: "espeak-ng — giọng máy, khó nghe", piper: "Piper" };
  const listen = async () => {
    const player = document.getElementById("line-player");
    const said = document.getElementById("line-engine");
    if (!current || !current.classList.contains("part")) { said.textContent = "Hãy chọn một dòng được đọc."; return; }
    said.textContent = "Đang đọc thử…";
    try {
      let response = await fetch(`${url}/script/${partIndex(current)}/audio`);
      for (let tries = 0; response.status === 202 && tries < 30; tries += 1) {  // the workers are still speaking
        await new Promise((done) => setTimeout(done, 1000 * Number(response.headers.get("Retry-After") || 2)));
        response = await fetch(`${url}/script/${partIndex(current)}/audio`);
      }
      if (!response.ok || response.status === 202) throw new Error((await response.json().catch(() => ({}))).detail || `Lỗi ${response.status}`);
      const engines = (response.headers.get("X-Engine") || "").split(",").filter(Boolean);
      if (player.src) URL.revokeObjectURL(player.src);
      player.src = URL.createObjectURL(await response.blob());
      player.dataset.engine = engines.join(",");
      player.hidden = false;
      said.textContent = `Giọng: ${engines.map((e) => ENGINE_NAMES[e] || e).join(", ")}`;
      await player.play().catch(() => {});
    } catch (error) { said.textContent = error.message; }
  };
  document.getElementById("listen-line").addEventListener("click", listen);
  const next = document.getElementById("next-doubt");
  if (next) next.addEventListener("click", nextDoubt);
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.target.closest("input, textarea, select, dialog, #line-editor")) return;
    // On a button the keys that press it keep doing so; the letters and arrows still move through the script.
    if (event.target.closest("button, summary, a") && (event.key === "Enter" || event.key === " ")) return;
    const key = event.key;
    const act = {
      ArrowDown: () => move(1), j: () => move(1), ArrowUp: () => move(-1), k: () => move(-1), n: nextDoubt, l: listen,
    }[key];
    if (act) { event.preventDefault(); act(); return; }
    if (!current || !canEdit) return;
    if (key >= "1" && key <= "5") { event.preventDefault(); setVoice(current, ROLE_KEYS[Number(key) - 1]); }
    else if (key === "x") { event.preventDefault(); toggle(current); }
    else if (key === "Enter") { event.preventDefault(); open(current); }
  });

  // Back on the line the last fix was made on.
  const line = sessionStorage.getItem("bantin-line");
  sessionStorage.removeItem("bantin-line");
  if (line) select(rows().find((row) => row.dataset.line === line));
}

// A programme held for its robot-voice parts goes out only on a person's explicit word, kept in the trail.
function wireRelease() {
  document.querySelectorAll("button.release").forEach((button) => button.addEventListener("click", async () => {
    if (!window.confirm("Phát chương trình này dù có phần đọc bằng giọng máy?")) return;
    try {
      await api("POST", `/api/v1/broadcasts/${button.dataset.broadcast}/release`);
      sessionStorage.setItem("bantin-message", "Đã cho phát dù giọng máy.");
      window.location.reload();
    } catch (error) { say(error.message); }
  }));
}

document.addEventListener("DOMContentLoaded", () => {
  showCarriedMessage(); wireLogin(); wireLogout(); wireNewArticle(); wireArticle(); wireRelease();
});
