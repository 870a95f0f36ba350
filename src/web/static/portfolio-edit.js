// The portfolio editor, enhanced: drag entries (within and across sections)
// and sections by their handle (⠿) to reorder them; the new order is saved at
// once. Without this script the Up and Down buttons do the same.
(() => {
  const token = document.querySelector('input[name="_csrf"]');
  const lists = document.querySelectorAll("ol[data-reorder-url]");
  if (!token || lists.length === 0) return;

  let dragged = null;
  const kindOf = (li) => (li.classList.contains("portfolio-edit-section") ? "section" : "item");
  const listKind = (list) =>
    list.classList.contains("portfolio-edit-sections") ? "section" : "item";
  const ownItem = (list, target) => {
    const li = target instanceof Element ? target.closest("li[data-id]") : null;
    return li && li.parentElement === list ? li : null;
  };

  // The save failed (another tab changed the portfolio, the session ended): show the truth.
  const save = async (list) => {
    const ids = [...list.children].filter((li) => li.dataset.id).map((li) => li.dataset.id);
    try {
      const response = await fetch(list.dataset.reorderUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": token.value },
        body: JSON.stringify({ ids }),
        credentials: "same-origin",
      });
      if (!response.ok) window.location.reload();
    } catch {
      window.location.reload();
    }
  };

  for (const list of lists) {
    for (const li of list.children) {
      if (!li.dataset.id) continue;
      li.classList.add("js-draggable");
      const handle = li.querySelector(".drag-handle");
      // Only the handle starts a drag, so text in the forms stays selectable.
      handle?.addEventListener("pointerdown", () => {
        li.draggable = true;
      });
      li.addEventListener("dragend", () => {
        li.draggable = false;
        li.classList.remove("is-dragging");
        for (const target of document.querySelectorAll(".drop-target")) {
          target.classList.remove("drop-target");
        }
        dragged = null;
      });
    }

    list.addEventListener("dragstart", (event) => {
      const li = ownItem(list, event.target);
      if (!li) return;
      event.stopPropagation();
      dragged = li;
      li.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", li.dataset.id);
    });

    list.addEventListener("dragover", (event) => {
      if (!dragged || kindOf(dragged) !== listKind(list)) return;
      event.preventDefault();
      event.stopPropagation();
      list.classList.add("drop-target");
      const over = ownItem(list, event.target);
      if (over && over !== dragged) {
        const box = over.getBoundingClientRect();
        const after = event.clientY > box.top + box.height / 2;
        list.insertBefore(dragged, after ? over.nextSibling : over);
      } else if (!over && dragged.parentElement !== list) {
        list.appendChild(dragged);
      }
    });

    list.addEventListener("dragleave", () => list.classList.remove("drop-target"));

    list.addEventListener("drop", (event) => {
      if (!dragged || kindOf(dragged) !== listKind(list)) return;
      event.preventDefault();
      event.stopPropagation();
      list.classList.remove("drop-target");
      // An entry dropped into another section: its form's Section follows.
      const section = list.closest("li.portfolio-edit-section");
      const select = dragged.querySelector('select[name="sectionId"]');
      if (section && select) select.value = section.dataset.id;
      save(list);
    });
  }
})();
