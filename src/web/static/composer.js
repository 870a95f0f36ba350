// The composer, enhanced: the Body placeholder follows the Prompt, Title and
// Link URL show for the kinds that use them, and "Publish at" is read in the
// browser's time zone. Without this script the form works as it is.
(() => {
  const form = document.querySelector("form[data-composer]");
  if (!form) return;
  const questions = JSON.parse(form.dataset.questions || "{}");
  const field = (id) => form.querySelector(`#${id}`);
  const kind = field("kind");
  const prompt = field("prompt");
  const body = field("body");
  const title = field("title");
  const linkUrl = field("linkUrl");

  const showQuestion = () => {
    body.placeholder = questions[prompt.value] ?? questions[""] ?? "";
  };
  prompt.addEventListener("change", showQuestion);
  showQuestion();

  // A field stays visible when it already holds text, so nothing typed is hidden.
  const showFieldsForKind = () => {
    title.closest(".field").hidden = kind.value !== "article" && title.value === "";
    linkUrl.closest(".field").hidden = kind.value !== "link" && linkUrl.value === "";
  };
  kind.addEventListener("change", showFieldsForKind);
  showFieldsForKind();

  // The server writes and reads "Publish at" with the offset in the hidden
  // field (0: UTC). Show it in local time, and send the local offset back.
  const at = field("scheduledAt");
  const offset = field("timezoneOffset");
  const pad = (n) => String(n).padStart(2, "0");
  const localValue = (d) =>
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (at.value) {
    const instant = new Date(Date.parse(`${at.value}Z`) + Number(offset.value || 0) * 60000);
    if (!Number.isNaN(instant.getTime())) at.value = localValue(instant);
  }
  form.addEventListener("submit", () => {
    const local = new Date(at.value);
    offset.value = String(Number.isNaN(local.getTime()) ? 0 : local.getTimezoneOffset());
  });
})();
