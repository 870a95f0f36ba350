// The coach, as you type: sends the composer's fields to the coach a moment
// after each change, lists what it found beside the form, and offers
// "Apply fix" buttons that edit the fields. Without this script the server
// shows the same findings when the entry is published.
(() => {
  const panel = document.querySelector("[data-coach]");
  const form = panel?.closest("form");
  if (!panel || !form) return;
  const list = panel.querySelector("[data-coach-findings]");
  const confirmBox = panel.querySelector("[data-coach-confirm]");
  // Fixes are offered beside each finding below; the no-JavaScript buttons go.
  form.querySelector("[data-coach-fixes]")?.remove();
  const labels = { confirm: "Check before publishing", warn: "Worth a look", info: "Note" };
  const WAIT_MS = 600;
  let timer = 0;
  let sent = 0;

  // The form's text fields as the server reads them: repeated names joined by commas.
  const fields = () => {
    const out = {};
    for (const [name, value] of new FormData(form)) {
      if (typeof value !== "string" || name === "_csrf") continue;
      if (!(name in out)) out[name] = value;
      else if (value !== "") out[name] = out[name] ? `${out[name]},${value}` : value;
    }
    return out;
  };

  const applyFix = (fix) => {
    for (const [name, value] of Object.entries(fix.fields)) {
      const field = form.elements.namedItem(name);
      if (!field || !("value" in field)) continue;
      field.value = value;
      field.closest(".field")?.removeAttribute("hidden");
    }
    form.querySelector("#body")?.focus();
    schedule(0);
  };

  const render = (findings) => {
    const ul = document.createElement("ul");
    ul.className = "coach-findings";
    for (const finding of findings) {
      const li = document.createElement("li");
      li.className = `coach-finding coach-${finding.severity}`;
      li.dataset.rule = finding.rule;
      const strong = document.createElement("strong");
      strong.className = "coach-severity";
      strong.textContent = `${labels[finding.severity] ?? finding.severity}:`;
      li.append(strong, ` ${finding.reason} `);
      if (finding.fix) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button-small secondary coach-fix";
        button.textContent = `Apply fix: ${finding.fix.label}`;
        button.addEventListener("click", () => applyFix(finding.fix));
        li.append(button);
      }
      ul.append(li);
    }
    list.replaceChildren(ul);
    confirmBox.hidden = !findings.some((f) => f.severity === "confirm");
  };

  const run = async () => {
    const mine = ++sent;
    const token = form.querySelector('input[name="_csrf"]')?.value ?? "";
    try {
      const response = await fetch(panel.dataset.coachUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-csrf-token": token,
          accept: "application/json",
        },
        body: JSON.stringify(fields()),
        credentials: "same-origin",
      });
      if (!response.ok || mine !== sent) return;
      const { findings } = await response.json();
      if (mine === sent) render(findings);
    } catch {
      // Offline or refused: the server still checks on publishing.
    }
  };

  function schedule(wait = WAIT_MS) {
    clearTimeout(timer);
    timer = setTimeout(run, wait);
  }

  form.addEventListener("input", () => schedule());
  form.addEventListener("change", () => schedule());
  // An upload finishing names its fields without an input event.
  const media = form.querySelector("#media");
  if (media) {
    new MutationObserver(() => schedule()).observe(media, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["name", "disabled", "data-state"],
    });
  }
  schedule(0);
})();
