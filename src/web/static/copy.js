// Copy buttons: `data-copy="<id>"` copies that element's text. Without
// JavaScript the buttons stay hidden and the text can be selected by hand.
(() => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const source = document.getElementById(button.dataset.copy ?? "");
    if (!source || !navigator.clipboard) continue;
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source.textContent?.trim() ?? "");
        button.textContent = "Copied";
      } catch {
        button.textContent = "Select and copy it";
      }
      setTimeout(() => {
        button.textContent = label;
      }, 2000);
    });
  }
})();
