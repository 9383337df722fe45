// smpsim serve: the scalp area. The mask the server holds (the fit's, a reopened scene's or
// one painted here) is kept as one byte per photo pixel and shown as a translucent teal layer;
// a round brush adds or erases scalp on it in photo pixels, and each stroke, once released, is
// sent back as runs of scalp pixels, row by row (a scene file's mask), to replace the
// session's mask: on a 12-MP photo that is tens of milliseconds against about a second to
// encode the mask as PNG. "Undo last
// stroke" (Ctrl/Cmd+Z) puts the pixels a stroke changed back and sends the mask again.
"use strict";

const TINT = [47, 160, 165, 60]; // teal, about a quarter opaque

const scalpArea = {
  bits: null,   // Uint8Array, 1 = scalp, row-major, photo px
  width: 0,
  height: 0,
  stroke: null, // {last: [x, y], before: bits at its start, box} while the pointer paints
  undo: [],     // per stroke, newest last: {box: [x0, y0, x1, y1], bits: the box's bits before}
  brushAt: null, // the keyboard's brush, photo px: arrows move it, Space puts it down or lifts it
  brushDown: false,
};

// Strokes that can be undone: each keeps only the box it changed, so a 12-MP photo's strokes
// cost their own size, not 12 MB each.
const MAX_UNDO = 30;

// Recolours the tinted layer (state.mask) over the box [x0, x1) × [y0, y1).
function tintBox(x0, y0, x1, y1) {
  const { bits, width } = scalpArea;
  const g = state.mask.getContext("2d");
  const pixels = g.createImageData(x1 - x0, y1 - y0);
  let i = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++, i += 4) {
      pixels.data[i] = TINT[0]; pixels.data[i + 1] = TINT[1]; pixels.data[i + 2] = TINT[2];
      pixels.data[i + 3] = bits[y * width + x] ? TINT[3] : 0;
    }
  }
  g.putImageData(pixels, x0, y0);
}

// The session's mask (GET /api/mask.png), kept and tinted.
async function loadMask() {
  state.mask = null;
  scalpArea.bits = null;
  const response = await api(sessionUrl("/api/mask.png", `&view=${photoView()}`));
  // Which mask this is: a preview that used another (a new tilt or new landmarks move the
  // fitted mask's line across the head) fetches it again.
  state.maskSource = response.headers.get("X-Scalp-Mask");
  const bitmap = await createImageBitmap(await response.blob());
  const layer = document.createElement("canvas");
  layer.width = bitmap.width;
  layer.height = bitmap.height;
  const g = layer.getContext("2d");
  g.drawImage(bitmap, 0, 0);
  const grey = g.getImageData(0, 0, layer.width, layer.height).data;
  const bits = new Uint8Array(layer.width * layer.height);
  for (let p = 0; p < bits.length; p++) bits[p] = grey[p * 4] > 127 ? 1 : 0;
  Object.assign(scalpArea, {
    bits, width: layer.width, height: layer.height, undo: [], brushAt: null, brushDown: false,
  });
  describeUndo();
  state.mask = layer;
  tintBox(0, 0, layer.width, layer.height);
  describeScalpArea();
}

function scalpPixels() {
  let n = 0;
  for (const b of scalpArea.bits || []) n += b;
  return n;
}

function describeScalpArea(painted) {
  if (!scalpArea.bits) { $("mask-status").textContent = ""; return; }
  const what = painted ? "Painted scalp area" : "Scalp area";
  $("mask-status").textContent =
    `${what}: ${scalpPixels().toLocaleString("en")} px of the photo.`;
}

// Whether strokes land on the photo pixel for pixel (not on a side-by-side or strip).
function canPaint() {
  return Boolean($("paint-mask").checked && scalpArea.bits &&
    photoShown() && $("preview").naturalWidth === scalpArea.width);
}

// A disc of `radius` px at (cx, cy) set to `value`; returns its box, clipped to the photo.
function stamp(cx, cy, radius, value) {
  const { bits, width, height } = scalpArea;
  const x0 = Math.max(0, Math.floor(cx - radius)), x1 = Math.min(width, Math.ceil(cx + radius) + 1);
  const y0 = Math.max(0, Math.floor(cy - radius)), y1 = Math.min(height, Math.ceil(cy + radius) + 1);
  const r2 = radius * radius;
  for (let y = y0; y < y1; y++) {
    const dy = y + 0.5 - cy;
    for (let x = x0; x < x1; x++) {
      const dx = x + 0.5 - cx;
      if (dx * dx + dy * dy <= r2) bits[y * width + x] = value;
    }
  }
  return [x0, y0, Math.max(x0, x1), Math.max(y0, y1)];
}

// The pointer's place in photo px.
function photoPoint(event) {
  const canvas = $("mask-layer");
  const box = canvas.getBoundingClientRect();
  return [(event.clientX - box.left) * canvas.width / box.width,
    (event.clientY - box.top) * canvas.height / box.height];
}

// Paints from the stroke's last point to `to`, in steps of a quarter brush so it leaves no gaps.
function paintTo(to) {
  const radius = Number($("brush-size").value) / 2;
  const value = document.querySelector("input[name=brush]:checked").value === "add" ? 1 : 0;
  const from = scalpArea.stroke.last;
  const steps = Math.max(1, Math.ceil(Math.hypot(to[0] - from[0], to[1] - from[1]) / Math.max(1, radius / 2)));
  let box = null;
  for (let s = 1; s <= steps; s++) {
    const t = s / steps;
    const b = stamp(from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t, radius, value);
    box = box ? [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])] : b;
  }
  scalpArea.stroke.last = to;
  const seen = scalpArea.stroke.box;
  scalpArea.stroke.box = seen
    ? [Math.min(seen[0], box[0]), Math.min(seen[1], box[1]), Math.max(seen[2], box[2]), Math.max(seen[3], box[3])]
    : box;
  if (box[2] > box[0] && box[3] > box[1]) tintBox(...box);
  drawOverlay();
}

// The painted mask as a scene file stores it: `{"size_px": [W, H], "runs": "ROW FIRST END,
// …"}`, each run the columns FIRST..END (END excluded) of scalp in that row.
function maskRuns() {
  const { bits, width, height } = scalpArea;
  const runs = [];
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      while (x < width && !bits[row + x]) x++;
      if (x === width) break;
      const first = x;
      while (x < width && bits[row + x]) x++;
      runs.push(`${y} ${first} ${x}`);
    }
  }
  return JSON.stringify({ size_px: [width, height], runs: runs.join(", ") });
}

// Sends the painted mask; the server replaces the session's and the preview follows.
async function sendMask() {
  $("mask-status").textContent = "Sending the painted scalp area…";
  try {
    await api(sessionUrl("/api/mask"), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: maskRuns(),
    });
    describeScalpArea(true);
    renderPreview();
  } catch (error) {
    showError(error.message);
    await loadMask(); // what the server still holds
    drawOverlay();
  }
}

// A stroke begins at `at` (pointer down, or the keyboard's brush put down).
function beginStroke(at) {
  scalpArea.stroke = { last: at, before: scalpArea.bits.slice(), box: null };
  paintTo(at);
}

// The stroke ends: it can be undone, and the mask goes to the server.
function finishStroke() {
  if (!scalpArea.stroke) return;
  rememberStroke(scalpArea.stroke);
  scalpArea.stroke = null;
  scalpArea.brushDown = false;
  sendMask();
}

// The keyboard's brush for the overlay to draw: where it is, its radius and whether it paints.
function brushMark() {
  if (!canPaint()) return null;
  if (!scalpArea.brushAt) scalpArea.brushAt = [scalpArea.width / 2, scalpArea.height / 2];
  return { at: scalpArea.brushAt, r: Number($("brush-size").value) / 2, down: scalpArea.brushDown };
}

// Keys on the brush: arrows move it (half a brush a step, Shift four times as far) and paint
// while it is down; Space puts it down or lifts it (one stroke); Enter paints one dab.
function brushKey(event) {
  const steps = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  const radius = Number($("brush-size").value) / 2;
  const at = scalpArea.brushAt;
  if (steps[event.key]) {
    const step = Math.max(1, Math.round(radius / 2)) * (event.shiftKey ? 4 : 1);
    const to = [
      Math.min(scalpArea.width - 1, Math.max(0, at[0] + steps[event.key][0] * step)),
      Math.min(scalpArea.height - 1, Math.max(0, at[1] + steps[event.key][1] * step)),
    ];
    scalpArea.brushAt = to;
    if (scalpArea.brushDown) paintTo(to); else drawOverlay();
  } else if (event.key === " ") {
    if (scalpArea.brushDown) {
      finishStroke();
      drawOverlay();
    } else {
      scalpArea.brushDown = true;
      beginStroke(at);
    }
  } else if (event.key === "Enter") {
    if (!scalpArea.brushDown) beginStroke(at);
    finishStroke();
    drawOverlay();
  } else if (event.key === "Escape" && scalpArea.brushDown) {
    finishStroke();
    drawOverlay();
  } else {
    return false;
  }
  return true;
}

// Keeps what the finished stroke changed (its box, as it was before), for "Undo last stroke".
function rememberStroke(stroke) {
  const { width } = scalpArea;
  const [x0, y0, x1, y1] = stroke.box || [0, 0, 0, 0];
  if (x1 <= x0 || y1 <= y0) return;
  const bits = new Uint8Array((x1 - x0) * (y1 - y0));
  for (let y = y0; y < y1; y++) {
    bits.set(stroke.before.subarray(y * width + x0, y * width + x1), (y - y0) * (x1 - x0));
  }
  scalpArea.undo.push({ box: [x0, y0, x1, y1], bits });
  if (scalpArea.undo.length > MAX_UNDO) scalpArea.undo.shift();
  describeUndo();
}

function describeUndo() {
  const n = scalpArea.undo.length;
  $("undo-stroke").disabled = n === 0;
  $("undo-stroke").textContent = n > 1 ? `Undo last stroke (${n} to undo)` : "Undo last stroke";
}

// Puts back the pixels the last stroke changed, and sends the mask as it was before it.
function undoStroke() {
  const last = scalpArea.undo.pop();
  if (!last || !scalpArea.bits) return false;
  const [x0, y0, x1, y1] = last.box;
  const { bits, width } = scalpArea;
  for (let y = y0; y < y1; y++) {
    bits.set(last.bits.subarray((y - y0) * (x1 - x0), (y - y0 + 1) * (x1 - x0)), y * width + x0);
  }
  tintBox(x0, y0, x1, y1);
  describeUndo();
  drawOverlay();
  sendMask();
  return true;
}

async function resetMask() {
  try {
    await api(sessionUrl("/api/mask"), { method: "DELETE" });
    await loadMask();
    drawOverlay();
    renderPreview();
  } catch (error) {
    showError(error.message);
  }
}

function paintModeChanged() {
  const on = $("paint-mask").checked;
  if (on && $("mark-points").checked) {
    $("mark-points").checked = false;
    markingModeChanged();
  }
  $("mask-tools").hidden = !on;
  $("stage").classList.toggle("painting", on);
  if (on && !canPaint()) {
    $("mask-status").textContent =
      "Choose Show: the result, and a photo, to paint on it.";
  } else {
    describeScalpArea();
  }
  drawOverlay();
}

function wireMask() {
  const canvas = $("mask-layer");
  $("paint-mask").addEventListener("change", paintModeChanged);
  $("reset-mask").addEventListener("click", resetMask);
  const size = () => { $("brush-size-value").textContent = `${$("brush-size").value} px`; };
  $("brush-size").addEventListener("input", size);
  size();
  canvas.addEventListener("pointerdown", (event) => {
    if (!canPaint() || event.button !== 0) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    beginStroke(photoPoint(event));
  });
  canvas.addEventListener("pointermove", (event) => {
    if (scalpArea.stroke) paintTo(photoPoint(event));
  });
  const end = () => finishStroke();
  $("undo-stroke").addEventListener("click", undoStroke);
  // Ctrl+Z (Cmd+Z on a Mac) while painting; a text field keeps its own undo.
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest?.("input[type=number], input[type=text], textarea");
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === "z" &&
        $("paint-mask").checked && !typing) {
      event.preventDefault();
      undoStroke();
    }
  });
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
}
