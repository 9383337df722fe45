// smpsim serve: the handles drawn over the photo (SVG, in the photo's own pixels): the head
// outline to move, resize and turn, the landmarks to place, drag and remove, and the
// hairline's points to drag, add and remove. Pointer and keyboard alike; the page (app.js,
// landmarks.js) owns the values and re-renders the preview when a drag or a run of key presses
// ends.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";

function svgChild(parent, name, attributes) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  parent.append(element);
  return element;
}

const round1 = (v) => Math.round(v * 10) / 10;

// The overlay in `svg`. `page` gives and takes the values:
//   outline(): {cx, cy, rx, ry, angle, roll} in photo px and degrees, or null when hidden;
//   alignment() / setAlignment({dx, dy, k, turn}): the outline's offset, size and tilt;
//   hairline() / setHairline(points): the traced points, [[x, y], …] px, or null when off;
//   commit(): the values settled: draw the preview again;
//   marking(): whether a click on the photo places a landmark;
//   landmarks(): [{name, words, tag, at: [x, y]}]; placeLandmark([x, y]) → name;
//   moveLandmark(name, [x, y]); removeLandmark(name); chooseLandmark(name);
//   landmarksChanged(): the points settled: solve the pose again.
function createOverlay(svg, page) {
  let drag = null;        // what the pointer holds: {kind, index, start, values}
  let selected = -1;      // the hairline point selected (keyboard and the remove button)
  let settle = null;      // timer: key presses commit once they stop

  // Photo px per screen px: handles keep their size on the screen whatever the photo's.
  const unit = () => {
    const box = svg.getBoundingClientRect();
    return box.width > 0 ? svg.viewBox.baseVal.width / box.width : 1;
  };

  const toPhoto = (event) => {
    const point = new DOMPoint(event.clientX, event.clientY);
    return point.matrixTransform(svg.getScreenCTM().inverse());
  };

  // Distance from the outline's centre to its edge along the unit direction (x, y).
  function edge(o, x, y) {
    const t = o.angle * Math.PI / 180;
    const u = x * Math.cos(t) + y * Math.sin(t), v = -x * Math.sin(t) + y * Math.cos(t);
    return 1 / Math.hypot(u / o.rx, v / o.ry);
  }

  // Where the handles sit: turn above the top of the head, size on its right-hand edge.
  function handlePlaces(o) {
    const r = o.roll * Math.PI / 180;
    const up = [Math.sin(r), -Math.cos(r)], right = [Math.cos(r), Math.sin(r)];
    const top = edge(o, up[0], up[1]), side = edge(o, right[0], right[1]);
    const box = svg.viewBox.baseVal, margin = 12 * unit();
    const inside = ([x, y]) => x >= margin && y >= margin && x <= box.width - margin && y <= box.height - margin;
    const along = (d) => [o.cx + up[0] * d, o.cy + up[1] * d];
    // Above the head where the photo has room, else just inside the outline: a head that
    // fills the photo keeps a handle within reach.
    const outside = along(top + 34 * unit());
    const clamp = ([x, y]) => [
      Math.min(box.width - margin, Math.max(margin, x)), Math.min(box.height - margin, Math.max(margin, y)),
    ];
    return {
      stalk: along(top),
      turn: inside(outside) ? outside : clamp(along(top - 34 * unit())),
      size: clamp([o.cx + right[0] * side, o.cy + right[1] * side]),
    };
  }

  function focusable(element, label, key) {
    element.setAttribute("tabindex", "0");
    element.setAttribute("role", "button");
    element.setAttribute("aria-label", label);
    element.dataset.key = key;
    return element;
  }

  function draw() {
    const focused = svg.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    svg.replaceChildren();
    const s = unit();
    if (page.marking()) {
      // Under everything: a click anywhere on the photo places the chosen landmark.
      const box = svg.viewBox.baseVal;
      const target = svgChild(svg, "rect", { x: 0, y: 0, width: box.width, height: box.height, class: "place" });
      target.dataset.kind = "place";
    }
    const o = page.outline();
    if (o) {
      const group = svgChild(svg, "g", { class: "outline" });
      const shape = svgChild(group, "ellipse", {
        cx: o.cx, cy: o.cy, rx: o.rx, ry: o.ry,
        transform: `rotate(${o.angle} ${o.cx} ${o.cy})`, "stroke-width": 2.5,
      });
      shape.dataset.kind = "move";
      focusable(shape, "Head outline: drag it, or use the arrow keys, to move it", "move");
      const at = handlePlaces(o);
      svgChild(group, "line", {
        x1: at.stalk[0], y1: at.stalk[1], x2: at.turn[0], y2: at.turn[1], "stroke-width": 2,
      });
      const turn = svgChild(group, "circle", { cx: at.turn[0], cy: at.turn[1], r: 9 * s, "stroke-width": 2 });
      turn.dataset.kind = "turn";
      focusable(turn, "Turn the head outline: drag, or arrow keys", "turn");
      const size = svgChild(group, "rect", {
        x: at.size[0] - 8 * s, y: at.size[1] - 8 * s, width: 16 * s, height: 16 * s, "stroke-width": 2,
      });
      size.dataset.kind = "size";
      focusable(size, "Resize the head outline: drag, or arrow keys", "size");
    }
    const points = page.hairline();
    if (points && points.length) {
      const group = svgChild(svg, "g", { class: "hairline" });
      const polyline = (line) => line.map(([x, y], i) => `${i ? "L" : "M"}${x} ${y}`).join(" ");
      // The plan's smooth curve through the points, from the last preview; straight lines
      // between them while they are being moved.
      const curve = page.hairlineCurve();
      const d = curve ? curve.map(polyline).join(" ") : polyline(points);
      for (const path of curve ? [polyline(points), d] : [d]) {
        const hit = svgChild(group, "path", { d: path, class: "hit", "stroke-width": 16 });
        hit.dataset.kind = "line";
      }
      svgChild(group, "path", { d, class: curve ? "line curve" : "line", "stroke-width": 2.5 });
      points.forEach(([x, y], i) => {
        const dot = svgChild(group, "circle", {
          cx: x, cy: y, r: 7 * s, "stroke-width": 2.5, class: i === selected ? "point selected" : "point",
        });
        dot.dataset.kind = "point";
        dot.dataset.index = i;
        focusable(dot, `Hairline point ${i + 1} of ${points.length}: drag, or arrow keys; Delete removes it`, `point${i}`);
      });
    }
    const brush = page.brush();
    if (brush) {
      const ring = svgChild(svg, "circle", {
        cx: brush.at[0], cy: brush.at[1], r: Math.max(brush.r, 3 * s), "stroke-width": 2,
        class: brush.down ? "brush down" : "brush",
      });
      ring.dataset.kind = "brush";
      focusable(ring, "Brush: arrow keys move it; Space puts it down to paint and lifts it; Enter paints one dab", "brush");
    }
    const marks = page.landmarks();
    if (marks.length) {
      const group = svgChild(svg, "g", { class: "landmarks" });
      for (const { name, words, tag, at: [x, y] } of marks) {
        const dot = svgChild(group, "circle", { cx: x, cy: y, r: 6 * s, "stroke-width": 2 });
        dot.dataset.kind = "landmark";
        dot.dataset.name = name;
        focusable(dot, `Point ${words}: drag, or arrow keys; Delete removes it`, `landmark-${name}`);
        // Tags of points on the photo's right half read leftward, so they are not cut off at
        // its right edge.
        const leftward = x > svg.viewBox.baseVal.width / 2;
        const label = svgChild(group, "text", {
          x: leftward ? x - 9 * s : x + 9 * s, y: y - 7 * s, "font-size": 13 * s, "stroke-width": 3,
          "text-anchor": leftward ? "end" : "start",
        });
        label.textContent = tag;
      }
    }
    if (focused) {
      const again = svg.querySelector(`[data-key="${focused}"]`);
      if (again) again.focus({ preventScroll: true });
    }
  }

  function select(index) {
    selected = index;
    page.selectionChanged?.(selected);
  }

  // Moves what `kind` (and `index`) names to photo position `p`, from a drag begun at `start`
  // with the values `values`.
  function follow(kind, index, p, start, values) {
    const o = page.outline();
    if (kind === "point") {
      const points = page.hairline().slice();
      points[index] = [round1(p.x), round1(p.y)];
      page.setHairline(points);
    } else if (kind === "landmark") {
      page.moveLandmark(index, [p.x, p.y]);
    } else if (kind === "move") {
      page.setAlignment({ ...values, dx: round1(values.dx + p.x - start.x), dy: round1(values.dy + p.y - start.y) });
    } else if (kind === "size" && o) {
      const k = values.k * Math.hypot(p.x - o.cx, p.y - o.cy) / Math.max(1e-6, Math.hypot(start.x - o.cx, start.y - o.cy));
      page.setAlignment({ ...values, k: Math.min(2, Math.max(0.5, Math.round(k * 1000) / 1000)) });
    } else if (kind === "turn" && o) {
      const angle = (q) => Math.atan2(q.y - o.cy, q.x - o.cx) * 180 / Math.PI;
      let turn = values.turn + angle(p) - angle(start);
      turn = ((turn + 540) % 360) - 180;
      page.setAlignment({ ...values, turn: round1(turn) });
    }
    draw();
  }

  svg.addEventListener("pointerdown", (event) => {
    const kind = event.target.dataset?.kind;
    if (!kind || event.button !== 0) return;
    event.preventDefault();
    const start = toPhoto(event);
    let index = Number(event.target.dataset.index ?? -1);
    if (kind === "place" || kind === "landmark") {
      // A click on the photo places the chosen landmark there, and holding on drags it; a
      // landmark's own place is where it was grabbed.
      const name = kind === "place" ? page.placeLandmark([start.x, start.y]) : event.target.dataset.name;
      if (kind === "landmark") page.chooseLandmark(name);
      drag = { kind: "landmark", index: name, start, values: page.alignment(), moved: kind === "place" };
      svg.setPointerCapture(event.pointerId);
      draw();
      return;
    }
    if (kind === "line") {
      // A click on the line adds a point there, between the two it falls between.
      const points = page.hairline().slice();
      let best = 0, bestDistance = Infinity;
      for (let i = 0; i + 1 < points.length; i++) {
        const distance = segmentDistance(start, points[i], points[i + 1]);
        if (distance < bestDistance) { best = i; bestDistance = distance; }
      }
      points.splice(best + 1, 0, [round1(start.x), round1(start.y)]);
      page.setHairline(points);
      index = best + 1;
    }
    const dragKind = kind === "line" ? "point" : kind;
    if (dragKind === "point") select(index);
    drag = { kind: dragKind, index, start, values: page.alignment(), moved: kind === "line" };
    svg.setPointerCapture(event.pointerId);
    draw();
  });

  svg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const p = toPhoto(event);
    if (Math.hypot(p.x - drag.start.x, p.y - drag.start.y) < 0.5 * unit() && !drag.moved) return;
    drag.moved = true;
    follow(drag.kind, drag.index, p, drag.start, drag.values);
  });

  const release = () => {
    if (!drag) return;
    const { moved, kind } = drag;
    drag = null;
    if (moved) (kind === "landmark" ? page.landmarksChanged : page.commit)();
  };
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", release);

  // Tabbing to a point selects it; drawing it selected focuses its new element, which must not
  // select (and draw) again.
  svg.addEventListener("focusin", (event) => {
    if (event.target.dataset?.kind === "landmark") page.chooseLandmark(event.target.dataset.name);
    const index = Number(event.target.dataset?.index ?? -1);
    if (event.target.dataset?.kind === "point" && index !== selected) {
      select(index);
      draw();
    }
  });

  svg.addEventListener("keydown", (event) => {
    const kind = event.target.dataset?.kind;
    if (!kind) return;
    if (kind === "brush") {
      if (page.brushKey(event)) event.preventDefault();
      return;
    }
    const steps = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (kind === "point" && (event.key === "Delete" || event.key === "Backspace")) {
      event.preventDefault();
      removeSelected();
      return;
    }
    if (kind === "landmark" && (event.key === "Delete" || event.key === "Backspace")) {
      event.preventDefault();
      page.removeLandmark(event.target.dataset.name);
      return;
    }
    const step = steps[event.key];
    if (!step) return;
    event.preventDefault();
    const fast = event.shiftKey ? 10 : 1;
    const v = page.alignment();
    let settled = page.commit;
    if (kind === "landmark") {
      const name = event.target.dataset.name;
      const [x, y] = page.landmarks().find((m) => m.name === name).at;
      page.moveLandmark(name, [x + step[0] * fast * unit(), y + step[1] * fast * unit()]);
      settled = page.landmarksChanged;
    } else if (kind === "point") {
      const index = Number(event.target.dataset.index);
      const points = page.hairline().slice();
      const [x, y] = points[index];
      points[index] = [round1(x + step[0] * fast * unit()), round1(y + step[1] * fast * unit())];
      page.setHairline(points);
    } else if (kind === "move") {
      page.setAlignment({ ...v, dx: round1(v.dx + step[0] * fast * unit()), dy: round1(v.dy + step[1] * fast * unit()) });
    } else if (kind === "size") {
      const k = v.k + (step[0] - step[1]) * fast / 100;
      page.setAlignment({ ...v, k: Math.min(2, Math.max(0.5, Math.round(k * 1000) / 1000)) });
    } else if (kind === "turn") {
      page.setAlignment({ ...v, turn: round1(Math.max(-180, Math.min(180, v.turn + (step[0] - step[1]) * fast))) });
    }
    draw();
    clearTimeout(settle);
    settle = setTimeout(settled, 400);
  });

  function removeSelected() {
    const points = page.hairline();
    if (!points || selected < 0 || selected >= points.length) return false;
    if (points.length <= 3) {
      page.say?.("A hairline needs at least 3 points.");
      return false;
    }
    const kept = points.filter((_, i) => i !== selected);
    page.setHairline(kept);
    select(Math.min(selected, kept.length - 1));
    draw();
    const next = svg.querySelector(`[data-key="point${selected}"]`);
    if (next) next.focus({ preventScroll: true });
    page.commit();
    return true;
  }

  // Adds a point halfway between the selected point and the next (or the last two).
  function addPoint() {
    const points = page.hairline();
    if (!points || points.length < 2) return;
    const i = selected >= 0 && selected + 1 < points.length ? selected : points.length - 2;
    const [a, b] = [points[i], points[i + 1]];
    const added = points.slice();
    added.splice(i + 1, 0, [round1((a[0] + b[0]) / 2), round1((a[1] + b[1]) / 2)]);
    page.setHairline(added);
    select(i + 1);
    draw();
    page.commit();
  }

  return { draw, addPoint, removeSelected, clearSelection: () => select(-1) };
}

// Distance from photo point `p` to the segment a–b, px.
function segmentDistance(p, a, b) {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const length2 = dx * dx + dy * dy;
  const t = length2 > 0 ? Math.max(0, Math.min(1, ((p.x - a[0]) * dx + (p.y - a[1]) * dy) / length2)) : 0;
  return Math.hypot(p.x - a[0] - t * dx, p.y - a[1] - t * dy);
}
