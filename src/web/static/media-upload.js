// The composer's media section, enhanced: each chosen file uploads at once to
// POST /media (streamed to disk there), with a progress bar, then shows its
// alt text and transcript fields and its state while it is processed. The
// form then sends only the files' ids. Without this script the files travel
// with the form itself, and the server does the same work.
(() => {
  const section = document.querySelector("[data-media-uploader]");
  if (!section) return;
  const form = section.closest("form");
  const input = section.querySelector("#media-files");
  const list = section.querySelector(".media-items");
  const template = section.querySelector("#media-item-template");
  const csrf = section.dataset.csrf;
  const POLL_MS = 2000;
  const POLL_LIMIT = 900;
  let uploading = 0;

  // The single description box is for browsers without this script.
  for (const element of section.querySelectorAll("[data-no-script]")) {
    element.hidden = true;
    for (const field of element.querySelectorAll("textarea")) field.disabled = true;
  }

  const LABELS = {
    image: ["Alt text", "What the photo shows, for people who cannot see it."],
    video: ["Description", "What the video shows, for people who cannot see it."],
    audio: ["Description (optional)", ""],
  };

  /** Names and labels the item's fields once the server has given it an id. */
  function name(item, id, kind) {
    item.dataset.mediaId = id;
    const hidden = item.querySelector('input[name="media"]');
    hidden.value = id;
    hidden.disabled = false;
    for (const [selector, prefix] of [
      ["[data-alt]", "alt"],
      ["[data-transcript]", "transcript"],
    ]) {
      const field = item.querySelector(selector);
      const area = field.querySelector("textarea");
      const label = field.querySelector("label");
      const hint = field.querySelector(".hint");
      area.id = `${prefix}-${id}`;
      area.name = area.id;
      label.htmlFor = area.id;
      hint.id = `${area.id}-hint`;
      area.setAttribute("aria-describedby", hint.id);
    }
    const [label, hint] = LABELS[kind] || LABELS.image;
    item.querySelector("[data-alt] label").textContent = label;
    item.querySelector("[data-alt] .hint").textContent = hint;
    item.querySelector("[data-transcript]").hidden = kind === "image";
  }

  function say(item, text, alert = false) {
    const message = item.querySelector(".media-item-message");
    message.textContent = text;
    message.setAttribute("role", alert ? "alert" : "status");
  }

  function refused(item, text) {
    item.dataset.state = "error";
    item.querySelector("progress").hidden = true;
    item.querySelector(".media-item-state").textContent = "Not added";
    for (const field of item.querySelectorAll("[data-alt], [data-transcript]")) field.hidden = true;
    say(item, text, true);
  }

  /** Asks how processing goes until the file is ready or failed. */
  async function follow(item, url, rounds = 0) {
    if (!item.isConnected || rounds > POLL_LIMIT) return;
    let state = null;
    try {
      const response = await fetch(url, { headers: { accept: "application/json" } });
      if (response.ok) state = await response.json();
    } catch {}
    if (!state || state.state === "processing") {
      setTimeout(() => follow(item, url, rounds + 1), POLL_MS);
      return;
    }
    item.dataset.state = state.state;
    const preview = item.querySelector(".media-item-preview");
    if (state.state === "failed") {
      preview.querySelector(".media-item-state").textContent = "Failed";
      say(item, `This file could not be processed: ${state.failureReason}`, true);
      return;
    }
    if (state.thumbUrl) {
      const image = document.createElement("img");
      image.src = state.thumbUrl;
      image.alt = "";
      preview.replaceChildren(image);
    } else {
      preview.querySelector(".media-item-state").textContent =
        state.kind === "audio" ? "Audio" : "Video";
    }
    say(item, state.locationRemoved ? "Ready. Location data removed." : "Ready.");
  }

  function upload(file) {
    const item = template.content.firstElementChild.cloneNode(true);
    item.querySelector(".media-item-name").textContent = file.name;
    const progress = item.querySelector("progress");
    progress.setAttribute("aria-label", `Uploading ${file.name}`);
    list.append(item);
    uploading++;
    const request = new XMLHttpRequest();
    request.open("POST", section.dataset.uploadUrl);
    request.setRequestHeader("X-CSRF-Token", csrf);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) progress.value = Math.round((event.loaded / event.total) * 100);
    });
    const finish = () => {
      uploading--;
      item.upload = null;
    };
    request.addEventListener("load", () => {
      finish();
      let body = {};
      try {
        body = JSON.parse(request.responseText);
      } catch {}
      if (request.status !== 201) {
        refused(item, body.error || `The upload failed (${request.status}). Try again.`);
        return;
      }
      progress.hidden = true;
      item.dataset.state = "processing";
      item.querySelector(".media-item-state").textContent = "Processing…";
      name(item, body.id, body.kind);
      say(
        item,
        body.locationRemoved
          ? "Uploaded. Processing… Location data will be removed."
          : "Uploaded. Processing…",
      );
      follow(item, body.statusUrl);
    });
    request.addEventListener("error", () => {
      finish();
      refused(item, "The upload was interrupted. Check your connection and try again.");
    });
    request.addEventListener("abort", finish);
    item.upload = request;
    item.querySelector("[data-discard]").addEventListener("click", () => discard(item));
    const data = new FormData();
    data.append("file", file, file.name);
    request.send(data);
  }

  /** Removes an item the script added: stops its upload, or deletes the stored file. */
  function discard(item) {
    if (item.upload) item.upload.abort();
    const id = item.dataset.mediaId;
    if (id) {
      fetch(`/media/${id}/delete`, { method: "POST", headers: { "X-CSRF-Token": csrf } }).catch(
        () => {},
      );
    }
    item.remove();
    input.focus();
  }

  input.addEventListener("change", () => {
    for (const file of input.files) upload(file);
    // The files went already: the form sends their ids, not their bytes again.
    input.value = "";
  });

  form.addEventListener("submit", (event) => {
    if (uploading === 0) return;
    event.preventDefault();
    const waiting = [...list.querySelectorAll('[data-state="uploading"]')].pop();
    if (waiting)
      say(waiting, "Wait until your files have finished uploading, then try again.", true);
  });
})();
