// A gallery of several photos becomes a viewer: one photo at a time, with
// Previous and Next buttons, a row of thumbnails, and the keyboard (←, →,
// Home, End) once the gallery has focus. Without this script every photo is
// shown, one under the other.
(() => {
  const button = (label, text, className) => {
    const element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.setAttribute("aria-label", label);
    element.textContent = text;
    return element;
  };
  const thumbOf = (image) =>
    (image?.getAttribute("srcset") || "").split(",")[0].trim().split(" ")[0];

  for (const gallery of document.querySelectorAll("[data-gallery]")) {
    const items = [...gallery.querySelectorAll(".gallery-item")];
    if (items.length < 2) continue;
    gallery.classList.add("gallery-enhanced");
    gallery.tabIndex = 0;
    gallery.setAttribute("aria-roledescription", "gallery");

    const controls = document.createElement("div");
    controls.className = "gallery-controls";
    const previous = button("Previous photo", "‹", "gallery-previous secondary");
    const next = button("Next photo", "›", "gallery-next secondary");
    const status = document.createElement("p");
    status.className = "gallery-status";
    status.setAttribute("aria-live", "polite");
    controls.append(previous, status, next);

    const strip = document.createElement("ul");
    strip.className = "gallery-strip";
    const thumbs = items.map((item, i) => {
      const image = item.querySelector("img");
      const li = document.createElement("li");
      const choose = button(
        `Photo ${i + 1}: ${image?.alt || "no description"}`,
        "",
        "gallery-thumb",
      );
      const small = document.createElement("img");
      small.src = thumbOf(image);
      small.alt = "";
      choose.append(small);
      choose.addEventListener("click", () => show(i));
      li.append(choose);
      strip.append(li);
      return choose;
    });
    gallery.append(controls, strip);

    let current = 0;
    function show(index) {
      current = Math.max(0, Math.min(items.length - 1, index));
      items.forEach((item, i) => {
        item.hidden = i !== current;
      });
      for (const [i, thumb] of thumbs.entries()) {
        thumb.setAttribute("aria-current", String(i === current));
      }
      status.textContent = `Photo ${current + 1} of ${items.length}`;
      previous.disabled = current === 0;
      next.disabled = current === items.length - 1;
    }
    previous.addEventListener("click", () => show(current - 1));
    next.addEventListener("click", () => show(current + 1));
    gallery.addEventListener("keydown", (event) => {
      const moves = {
        ArrowLeft: current - 1,
        ArrowRight: current + 1,
        Home: 0,
        End: items.length - 1,
      };
      if (!(event.key in moves) || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      show(moves[event.key]);
    });
    const fromHash = items.findIndex((item) => `#${item.id}` === window.location.hash);
    show(Math.max(fromHash, 0));
  }
})();
