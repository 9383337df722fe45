// smpsim serve: landmarks on the Align step. The practitioner chooses a point by its plain
// name, clicks it on the photo (or puts it in the middle and moves it with the arrow keys),
// drags or removes it; the server solves the head's pose from the points exactly as `smpsim
// preview --point NAME=X,Y` does, and the preview and the saved scene follow the points.
// Uses the state and helpers of app.js ($, api, state, renderPreview, …), which runs after it.
"use strict";

// The command line's names, the words the page shows, and the short tag drawn on the photo.
const LANDMARKS = [
  ["glabella", "Between the eyebrows (glabella)", "brows"],
  ["nose-tip", "Tip of the nose", "nose"],
  ["chin", "Bottom of the chin", "chin"],
  ["vertex", "Top of the head", "top"],
  ["left-temple-corner", "Hairline corner at the client's left temple", "client's left corner"],
  ["right-temple-corner", "Hairline corner at the client's right temple", "client's right corner"],
  ["left-tragus", "Client's left ear: the small flap in front of the ear hole", "client's left ear"],
  ["right-tragus", "Client's right ear: the small flap in front of the ear hole", "client's right ear"],
  ["inion", "Bump at the back of the skull", "back bump"],
];

const landmarks = {
  points: {},     // name → [x, y], photo px
  placing: false, // the last solve succeeded: the points place the head
  before: null,   // {base, fields}: where the head was before the points placed it
  asked: 0,       // number of the newest solve asked for (older answers are ignored)
};

function landmarkWords(name) {
  const found = LANDMARKS.find(([n]) => n === name);
  return found ? found[1] : name;
}

function landmarkCount() { return Object.keys(landmarks.points).length; }

function landmarkSay(text) { $("landmark-status").textContent = text; }

// Whether the preview is placed by the points: they solved, and the outline was not moved by
// hand since.
function landmarksPlace() {
  if (!landmarks.placing) return false;
  const { dx, dy, k, turn, bow, side } = alignment();
  return dx === 0 && dy === 0 && k === 1 && turn === 0 && bow === 0 && side === 0;
}

// What the overlay draws: every point with its tag.
function landmarkMarks() {
  if (!photoShown()) return [];
  return LANDMARKS.filter(([name]) => landmarks.points[name])
    .map(([name, words, tag]) => ({ name, words, tag, at: landmarks.points[name] }));
}

// The chooser says which points are placed.
function describeChooser() {
  for (const option of $("landmark").options) {
    const placed = landmarks.points[option.value] ? " (placed)" : "";
    option.textContent = landmarkWords(option.value) + placed;
  }
}

// Puts the chosen landmark at `at` (photo px); the chooser moves on to the next one not yet
// placed. Returns the name placed.
function placeLandmark(at) {
  const name = $("landmark").value;
  landmarks.points[name] = at.map((v) => Math.round(v * 10) / 10);
  const next = LANDMARKS.find(([n]) => !landmarks.points[n]);
  if (next) $("landmark").value = next[0];
  describeChooser();
  return name;
}

function moveLandmark(name, at) {
  landmarks.points[name] = at.map((v) => Math.round(v * 10) / 10);
}

function removeLandmark(name) {
  if (!landmarks.points[name]) return false;
  delete landmarks.points[name];
  $("landmark").value = name;
  describeChooser();
  solveLandmarks();
  return true;
}

// Forgets every point (a new photo, the built-in head, back to the automatic fit).
function clearLandmarks() {
  landmarks.points = {};
  landmarks.placing = false;
  landmarks.before = null;
  landmarks.asked += 1;
  describeChooser();
  landmarkSay("");
}

// Back to where the head was before the points placed it.
function stopPlacingByLandmarks() {
  if (!landmarks.placing) return;
  landmarks.placing = false;
  if (landmarks.before) {
    state.base = landmarks.before.base;
    setAlignment(landmarks.before.fields);
    landmarks.before = null;
  }
  state.turned = null;
}

function residualWords(answer) {
  const n = landmarkCount();
  const miss = `misses them by ${answer.residual_px.toFixed(1)} px on average (root mean square)`;
  const more = n < 3 ? " Three or more points, not in a line, also find how the head is bowed and turned." : "";
  return `${n} points place the head; the head model ${miss}.${more}`;
}

// Asks the server for the pose the points give; on success the outline and the preview follow
// them, else the status line says why (the command line's words) and the head stays where it
// was before the points placed it.
async function solveLandmarks(render = true) {
  const number = ++landmarks.asked;
  if (!landmarkCount()) {
    stopPlacingByLandmarks();
    landmarkSay("");
    if (render) { drawOverlay(); renderPreview(); }
    return;
  }
  landmarkSay("Placing the head by the points…");
  try {
    const response = await api(sessionUrl("/api/landmarks"), {
      method: "POST", body: JSON.stringify({ view: photoView(), points_px: landmarks.points }),
    });
    const answer = await response.json();
    if (number !== landmarks.asked) return;
    if (!landmarks.placing) landmarks.before = { base: state.base, fields: alignment() };
    adoptLandmarks(answer);
    landmarkSay(residualWords(answer));
  } catch (error) {
    if (number !== landmarks.asked) return;
    stopPlacingByLandmarks();
    // The command line's reason, without the request's field name.
    landmarkSay(error.message.replace(/^points_px: /, ""));
  }
  if (render) { drawOverlay(); renderPreview(); }
}

// The head placed as `answer` (from /api/landmarks or a reopened scene) says.
function adoptLandmarks(answer) {
  landmarks.points = answer.points_px;
  landmarks.placing = true;
  state.base = { pose: answer.pose, outline: answer.model_outline };
  setAlignment({ dx: 0, dy: 0, k: 1, turn: 0, bow: 0, side: 0 });
  state.turned = null;
  describeChooser();
}

// After a preview: say when the outline, moved by hand, no longer follows the points.
function describeLandmarkUse() {
  if (landmarks.placing && !landmarksPlace()) {
    landmarkSay("The outline was moved by hand, so it places the head now, not the points. " +
      "Move a point to place the head by them again.");
  }
}

function markingModeChanged() {
  const on = $("mark-points").checked;
  $("landmark-tools").hidden = !on;
  $("stage").classList.toggle("marking", on);
  if (on && $("paint-mask").checked) {
    $("paint-mask").checked = false;
    paintModeChanged();
  }
  if (on && !photoShown()) landmarkSay("Choose Show: the result, and a photo, to mark points on it.");
  drawOverlay();
}

// The keyboard's way to place a point: in the middle of the outline, focused, to move with the
// arrow keys.
function putLandmarkInMiddle() {
  if (!photoShown()) return;
  const o = outlineNow();
  const image = $("preview");
  const at = o ? [o.cx, o.cy] : [image.naturalWidth / 2, image.naturalHeight / 2];
  const name = placeLandmark(at);
  drawOverlay();
  const mark = document.querySelector(`#overlay [data-key="landmark-${name}"]`);
  if (mark) mark.focus({ preventScroll: true });
  landmarkSay(`${landmarkWords(name)}: put in the middle. Move it with the arrow keys (Shift: 10 times as far).`);
  solveLandmarks();
}

function wireLandmarks() {
  const select = $("landmark");
  for (const [name] of LANDMARKS) {
    const option = document.createElement("option");
    option.value = name;
    select.append(option);
  }
  describeChooser();
  $("mark-points").addEventListener("change", markingModeChanged);
  $("put-landmark").addEventListener("click", putLandmarkInMiddle);
  $("remove-landmark").addEventListener("click", () => {
    if (!removeLandmark(select.value)) landmarkSay(`${landmarkWords(select.value)} is not placed.`);
  });
  $("clear-landmarks").addEventListener("click", () => {
    stopPlacingByLandmarks();
    clearLandmarks();
    drawOverlay();
    renderPreview();
  });
}
