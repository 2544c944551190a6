// The layout check's geometry rules, run in the page by tests/browser/test_layout.py.
// Returns a list of problems: {rule, where, detail}. Every rule is written once, here.
() => {
  const problems = [];
  const doc = document.documentElement;
  const viewportWidth = doc.clientWidth;

  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    const cls = [...el.classList].slice(0, 3).join(".");
    if (cls) s += `.${cls}`;
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ");
    if (text) s += ` "${text.slice(0, 30)}"`;
    return s;
  };

  // Hidden on purpose: display none, visibility hidden, clipped to nothing (visually-hidden,
  // the skip link until focused, Bootstrap's btn-check inputs) or sized to nothing.
  const hiddenCache = new Map();
  const isHidden = (el) => {
    if (hiddenCache.has(el)) return hiddenCache.get(el);
    let hidden = false;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden" || style.visibility === "collapse") hidden = true;
    else if (style.position === "absolute" && (style.clip !== "auto" || style.clipPath !== "none")) hidden = true;
    else if (el.parentElement) hidden = isHidden(el.parentElement);
    hiddenCache.set(el, hidden);
    return hidden;
  };

  // The part of an element that shows: its box cut by every ancestor that clips or scrolls.
  const visibleRect = (el) => {
    const r = el.getBoundingClientRect();
    let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
    for (let a = el.parentElement; a && a !== doc && a !== document.body; a = a.parentElement) {
      const st = getComputedStyle(a);
      if (st.overflowX !== "visible" || st.overflowY !== "visible") {
        const ar = a.getBoundingClientRect();
        left = Math.max(left, ar.left);
        top = Math.max(top, ar.top);
        right = Math.min(right, ar.right);
        bottom = Math.min(bottom, ar.bottom);
      }
    }
    return { left, top, right, bottom, width: right - left, height: bottom - top };
  };

  // Inside an element that scrolls or clips on purpose (.table-responsive): its content may be wider.
  const clipCache = new Map();
  const inClipper = (el) => {
    const a = el.parentElement;
    if (!a || a === document.body) return false;
    if (clipCache.has(a)) return clipCache.get(a);
    const st = getComputedStyle(a);
    const clipped = st.overflowX !== "visible" || inClipper(a);
    clipCache.set(a, clipped);
    return clipped;
  };

  // 1. Horizontal overflow of the page; the culprits are the outermost boxes that stick out.
  if (doc.scrollWidth > viewportWidth + 1) {
    const culprits = [];
    const reported = [];
    for (const el of document.body.querySelectorAll("*")) {
      // A visually hidden element counts: positioned absolutely, it escapes a scroller that is not
      // positioned itself and widens the page.
      const escapes = getComputedStyle(el).position === "absolute";
      if ((inClipper(el) && !escapes) || getComputedStyle(el).display === "none") continue;
      const r = el.getBoundingClientRect();
      if (r.right <= viewportWidth + 1 || r.width === 0) continue;
      if (reported.some((outer) => outer.contains(el))) continue;
      reported.push(el);
      culprits.push(`${describe(el)} ends at ${Math.round(r.right)}px`);
    }
    problems.push({
      rule: "overflow",
      where: culprits.slice(0, 3).join("; ") || "document",
      detail: `page is ${doc.scrollWidth}px wide in a ${viewportWidth}px viewport`,
    });
  }

  // 2. Text squeezed to a column: a run of text on several lines, none wider than 2.5 characters
  // of its font (CJK wrapping one or two characters a line, or English a syllable a line).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const squeezed = new Set();
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\s+/g, "");
    if (text.length < 2) continue;
    const el = node.parentElement;
    if (!el || squeezed.has(el) || ["SCRIPT", "STYLE", "OPTION", "TITLE", "NOSCRIPT", "TEXTAREA"].includes(el.tagName)) continue;
    if (isHidden(el)) continue;
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    const lines = new Set(rects.map((r) => Math.round(r.top)));
    if (lines.size < 2) continue;
    const fontSize = parseFloat(getComputedStyle(el).fontSize);
    const widest = Math.max(...rects.map((r) => r.width));
    if (widest < 2.5 * fontSize) {
      squeezed.add(el);
      problems.push({
        rule: "squeezed-text",
        where: describe(el),
        detail: `"${text.slice(0, 20)}" on ${lines.size} lines, ${Math.round(widest)}px wide at ${fontSize}px`,
      });
    }
  }

  // The controls: what a finger or a pointer activates. A checkbox or radio counts with its
  // label (clicking the label ticks it), as one target.
  const controlSelector =
    "a[href], button, input:not([type=hidden]), select, textarea, summary, label, [role=button], [role=tab]";
  const controls = [];
  for (const el of document.body.querySelectorAll(controlSelector)) {
    if (el.tagName === "LABEL" && !el.control) continue;
    if (isHidden(el) || getComputedStyle(el).pointerEvents === "none") continue;
    const r = visibleRect(el);
    if (r.width <= 0 || r.height <= 0) continue;
    controls.push({ el, r });
  }
  const related = (a, b) =>
    a.contains(b) ||
    b.contains(a) ||
    (a.tagName === "LABEL" && a.control === b) ||
    (b.tagName === "LABEL" && b.control === a) ||
    (a.tagName === "LABEL" && b.tagName === "LABEL" && a.control && a.control === b.control);

  // 3. Controls on top of one another (a pixel or two of touching borders is fine).
  const overlapping = new Set();
  for (let i = 0; i < controls.length; i++) {
    const a = controls[i];
    for (let j = i + 1; j < controls.length; j++) {
      const b = controls[j];
      const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (w <= 2 || h <= 2 || related(a.el, b.el)) continue;
      const key = `${describe(a.el)} / ${describe(b.el)}`;
      if (overlapping.has(key)) continue;
      overlapping.add(key);
      problems.push({ rule: "overlap", where: key, detail: `${Math.round(w)}x${Math.round(h)}px in common` });
    }
  }

  // 4. Tap targets under 24x24 CSS px (WCAG 2.2, 2.5.8), with its exceptions: a link inside a
  // sentence, and a small target whose 24px circle touches no other target nor its circle.
  const targets = [];
  const byControl = new Map();
  for (const c of controls) {
    const el = c.el;
    const owner = el.tagName === "LABEL" ? el.control : el;
    if (!owner) continue;
    if (!byControl.has(owner)) {
      byControl.set(owner, { el: owner, r: { ...c.r } });
      targets.push(byControl.get(owner));
    } else {
      const t = byControl.get(owner).r;
      t.left = Math.min(t.left, c.r.left);
      t.top = Math.min(t.top, c.r.top);
      t.right = Math.max(t.right, c.r.right);
      t.bottom = Math.max(t.bottom, c.r.bottom);
    }
  }
  for (const t of targets) {
    t.r.width = t.r.right - t.r.left;
    t.r.height = t.r.bottom - t.r.top;
    t.cx = (t.r.left + t.r.right) / 2;
    t.cy = (t.r.top + t.r.bottom) / 2;
    t.small = t.r.width < 23.5 || t.r.height < 23.5;
  }
  const inSentence = (el) => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
    if (!block) return false;
    // Text of the block outside its links: the link runs in a sentence.
    let own = 0;
    const w = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      if (!n.parentElement.closest("a, button")) own += n.textContent.replace(/[\s·|/,，、()（）:：-]+/g, "").length;
    }
    return own >= 6;
  };
  for (const t of targets) {
    if (!t.small || inSentence(t.el)) continue;
    const crowded = targets.find((o) => {
      if (o === t || related(o.el, t.el)) return false;
      if (o.small && Math.hypot(o.cx - t.cx, o.cy - t.cy) < 24) return true;
      const dx = Math.max(o.r.left - t.cx, 0, t.cx - o.r.right);
      const dy = Math.max(o.r.top - t.cy, 0, t.cy - o.r.bottom);
      return Math.hypot(dx, dy) < 12;
    });
    if (crowded) {
      problems.push({
        rule: "tap-target",
        where: describe(t.el),
        detail: `${Math.round(t.r.width)}x${Math.round(t.r.height)}px, too close to ${describe(crowded.el)}`,
      });
    }
  }
  return problems;
}
