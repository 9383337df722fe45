// smpsim serve: the page. Plain script, no framework, nothing loaded from elsewhere.
// Every image comes from the server, which uses the same library calls as the command line.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  session: null,
  fit: null,          // the automatic fit of the uploaded photo (JSON), or null: built-in head
  base: null,         // {pose, outline} the alignment fields move from: the fit's or a reopened scene's
  reopened: false,    // a saved scene was reopened over this photo
  pendingScene: null, // a scene file's text chosen before its photo
  hairline: null,     // the traced hairline's points, photo px, or null: the plan's own
  hairlineMm: null,   // the traced hairline on the scalp map (from the last preview), for saving
  hairlineCurve: null, // {key, runs}: the plan's curve through the traced points on the photo
  overlay: null,      // the handles over the photo (handles.js)
  turned: null,       // {key, outline}: the base outline bowed and turned by the fields, from the server
  mask: null,         // the scalp mask, tinted for the overlay (canvas), or null
  maskSource: null,   // which mask that is, as the server names it (X-Scalp-Mask)
  presetJson: null,   // text of an edited plan, or null for the built-in one
  inflight: null,     // AbortController of the preview being fetched
  previewUrl: null,   // object URL of the shown preview
  lastName: "preview",
};

async function api(path, options = {}) {
  const response = await fetch(path, options);
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try { message = (await response.json()).error || message; } catch (_) { /* not JSON */ }
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return response;
}

function showError(message) {
  const box = $("error");
  box.textContent = message || "";
  box.hidden = !message;
}

function sessionUrl(path, extra = "") {
  return `${path}?session=${state.session}${extra}`;
}

function presetChoice() {
  const seed = Math.max(0, Math.floor(Number($("seed").value) || 0));
  return state.presetJson !== null
    ? { preset_json: state.presetJson, seed }
    : { preset: $("preset").value, seed };
}

// The plan as saved: with the traced hairline, as the last preview placed it on the scalp.
function planChoice() {
  const choice = presetChoice();
  if (state.hairline && state.hairlineMm) choice.hairline_mm = state.hairlineMm;
  return choice;
}

// The alignment fields: offset (px), size (factor), tilt, bow and turn (degrees) from the
// base pose.
function alignment() {
  return {
    dx: Number($("move-x").value) || 0, dy: Number($("move-y").value) || 0,
    k: (Number($("size").value) || 100) / 100, turn: Number($("tilt").value) || 0,
    bow: Number($("bow").value) || 0, side: Number($("side").value) || 0,
  };
}

function setAlignment(v) {
  $("move-x").value = v.dx; $("move-y").value = v.dy;
  $("size").value = Math.round(v.k * 1000) / 10; $("tilt").value = v.turn;
  $("bow").value = v.bow; $("side").value = v.side;
}

// The base pose moved, scaled and turned by the alignment fields; null when untouched on a
// fitted photo (the server then uses the fit's own). After a reopened scene it is always sent,
// so that "Back to the automatic fit" means the fit, not the scene the server keeps.
function alignedPose() {
  if (!state.base || landmarksPlace()) return null;
  const { dx, dy, k, turn, bow, side } = alignment();
  const untouched = dx === 0 && dy === 0 && k === 1 && turn === 0 && bow === 0 && side === 0;
  if (!state.reopened && untouched) return null;
  const p = state.base.pose;
  const round = (v, per) => Math.round(v * per) / per;
  return {
    yaw_deg: round(p.yaw_deg + side, 1000), pitch_deg: round(p.pitch_deg + bow, 1000),
    roll_deg: round(p.roll_deg + turn, 1000),
    scale_px_per_mm: p.scale_px_per_mm.map((s) => round(s * k, 1e6)),
    origin_px: [round(p.origin_px[0] + dx, 100), round(p.origin_px[1] + dy, 100)],
  };
}

// The outline as it is drawn: the base outline moved with the fields (roll and scale turn and
// grow it about the head's centre, which is the pose's origin).
function outlineNow() {
  if (!photoShown() || !$("show-outline").checked) return null;
  const { dx, dy, k, turn, bow, side } = alignment();
  const { pose } = state.base;
  // Bowed or turned, the outline changes shape: the server's, once it has answered.
  const turned = state.turned && state.turned.key === `${bow},${side}`;
  const outline = turned ? state.turned.outline : state.base.outline;
  return {
    cx: pose.origin_px[0] + dx, cy: pose.origin_px[1] + dy,
    rx: outline.semi_axes_px[0] * k, ry: outline.semi_axes_px[1] * k,
    angle: outline.angle_deg + turn, roll: pose.roll_deg + turn,
  };
}

// Whether the preview shows the photo alone, pixel for pixel (handles can be drawn on it).
function photoShown() {
  const single = ["single", "heatmap"].includes($("rendering").value);
  return Boolean(state.base && single && $("preview").naturalWidth === state.fit.width_px);
}

// The view the photo shows: chosen, else the fit's.
function photoView() {
  return $("view").value || (state.fit ? state.fit.view : "front");
}

function previewRequest() {
  const body = presetChoice();
  const view = $("view").value;
  if (view) body.view = view;
  if ($("session").value) body.session = Number($("session").value);
  body.look = document.querySelector("input[name=look]:checked").value;
  body.years = Number($("years").value);
  body.skin = $("skin").value;
  body.rendering = $("rendering").value;
  body.guides = $("guides").checked;
  const stage = $("stage-area").getBoundingClientRect();
  // The built-in head at screen size (4:3), so a change re-renders quickly.
  body.width_px = Math.max(64, Math.min(1600, Math.round(stage.width)));
  body.height_px = Math.round(body.width_px * 3 / 4);
  if ($("zoom").value) body.zoom = $("zoom").value;
  const turn = [Number($("turn-yaw").value) || 0, Number($("turn-pitch").value) || 0];
  if (!state.fit && (turn[0] !== 0 || turn[1] !== 0)) body.head_turn_deg = turn;
  const pose = alignedPose();
  if (pose) body.pose = pose;
  if (state.fit) body.view = photoView();
  if (state.fit && landmarksPlace()) body.points_px = landmarks.points;
  if (state.fit && state.hairline) body.hairline_px = state.hairline;
  return body;
}

// Asks for a new preview; any older one still on its way is cancelled (the server also drops
// requests overtaken by a newer one).
async function renderPreview() {
  if (!state.session) return;
  if (state.inflight) state.inflight.abort();
  const controller = new AbortController();
  state.inflight = controller;
  const started = performance.now();
  $("render-status").textContent = "Drawing the preview…";
  const request = previewRequest();
  try {
    const response = await api(sessionUrl("/api/preview"), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request),
      signal: controller.signal,
    });
    const traced = response.headers.get("X-Hairline-Mm");
    state.hairlineMm = traced ? JSON.parse(traced) : null;
    // The plan's curve through the traced points, for the points it was made for.
    const curve = response.headers.get("X-Hairline-Curve-Px");
    state.hairlineCurve = curve
      ? { key: JSON.stringify(request.hairline_px), runs: JSON.parse(curve) } : null;
    const blob = await response.blob();
    // The outline moved, turned or placed by landmarks takes the scalp with it: the overlay
    // shows the mask the preview used (painted and reopened masks are kept as they are).
    const source = response.headers.get("X-Scalp-Mask") || "";
    const fitted = (name) => name.startsWith("fit") || name.startsWith("placed");
    if (fitted(source) && fitted(state.maskSource || "") && source !== state.maskSource
      && !scalpArea.stroke) {
      await loadMask();
      drawOverlay();
    }
    if (state.previewUrl) URL.revokeObjectURL(state.previewUrl);
    state.previewUrl = URL.createObjectURL(blob);
    $("preview").src = state.previewUrl;
    showError("");
    const ms = Math.round(performance.now() - started);
    $("render-status").textContent =
      `Preview ready in ${ms} ms. It is labelled SIMULATION, as every saved copy is.`;
    describeLandmarkUse();
    $("save-scene").disabled = !state.fit;
  } catch (error) {
    if (error.name === "AbortError" || error.status === 409) return; // a newer one is coming
    showError(error.message);
    $("render-status").textContent = "The preview could not be drawn.";
  } finally {
    if (state.inflight === controller) state.inflight = null;
  }
}

// Scales the preview to the room beside the controls (small photos up, large ones down),
// keeping its shape; the overlay follows, as it fills the same box.
function fitPreview() {
  const image = $("preview");
  if (!image.naturalWidth) return;
  const area = $("stage-area").getBoundingClientRect();
  const room = [area.width, window.innerHeight - area.top - 56];
  const scale = Math.min(room[0] / image.naturalWidth, room[1] / image.naturalHeight);
  image.style.width = `${Math.max(64, Math.floor(image.naturalWidth * scale))}px`;
  image.style.height = `${Math.max(48, Math.floor(image.naturalHeight * scale))}px`;
}

function drawOverlay() {
  fitPreview();
  const canvas = $("mask-layer"), image = $("preview");
  canvas.width = image.naturalWidth || 1;
  canvas.height = image.naturalHeight || 1;
  $("overlay").setAttribute("viewBox", `0 0 ${canvas.width} ${canvas.height}`);
  const g = canvas.getContext("2d");
  g.clearRect(0, 0, canvas.width, canvas.height);
  const painting = $("paint-mask").checked && photoShown();
  if (state.mask && (painting || outlineNow())) g.drawImage(state.mask, 0, 0);
  state.overlay.draw();
}

function describeFit(fit) {
  const sure = Math.round(fit.confidence * 100);
  const doubt = fit.doubt ? ` Unsure: ${fit.doubt}. Check the outline and move it if needed.` : "";
  return `Photo ${fit.width_px}×${fit.height_px} px, seen from the ${fit.view}. ` +
    `Head found (${sure}% sure).${doubt}`;
}

async function uploadPhoto(file) {
  if (!file) return;
  showError("");
  $("fit-status").textContent = `Reading ${file.name}…`;
  const view = $("view").value || "front";
  try {
    const response = await api(sessionUrl("/api/photo", `&view=${view}`), {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: file,
    });
    state.fit = await response.json();
    state.base = { pose: state.fit.pose, outline: state.fit.model_outline };
    state.reopened = false;
    state.lastName = file.name.replace(/\.[^.]*$/, "");
    $("fit-status").textContent = describeFit(state.fit);
    clearLandmarks();
    resetAlignment(false);
    stopTracing();
    $("align").disabled = false;
    $("design").disabled = false;
    $("head-turn").hidden = true;
    $("save-mask").disabled = false;
    if (state.pendingScene !== null) {
      const text = state.pendingScene;
      state.pendingScene = null;
      await reopenScene(text);
      return;
    }
    await loadMask();
    await renderPreview();
  } catch (error) {
    $("fit-status").textContent = "That photo could not be used.";
    showError(error.message);
  }
}

async function refit() {
  if (!state.fit) return renderPreview();
  const view = $("view").value || "front";
  try {
    const response = await api(sessionUrl("/api/fit", `&view=${view}`));
    state.fit = await response.json();
    state.base = { pose: state.fit.pose, outline: state.fit.model_outline };
    $("fit-status").textContent = describeFit(state.fit);
    resetAlignment(false);
    await loadMask();
    // The same points, solved again in the view now chosen.
    landmarks.placing = false;
    landmarks.before = null;
    await solveLandmarks(false);
  } catch (error) {
    showError(error.message);
  }
  renderPreview();
}

async function useDefaultHead() {
  await api(sessionUrl("/api/default-head"), { method: "POST" });
  state.fit = null;
  state.base = null;
  state.mask = null;
  scalpArea.bits = null;
  $("mask-status").textContent = "";
  state.reopened = false;
  stopTracing();
  clearLandmarks();
  state.lastName = "built-in-head";
  $("photo").value = "";
  $("align").disabled = true;
  $("design").disabled = true;
  $("head-turn").hidden = false;
  $("save-scene").disabled = true;
  $("save-mask").disabled = true;
  $("fit-status").textContent = "Showing the built-in head.";
  renderPreview();
}

// The outline bowed and turned as the fields say (the head model's, from the server), then
// the preview.
async function turnOutline() {
  const { bow, side } = alignment();
  state.turned = null;
  if (state.base && (bow !== 0 || side !== 0)) {
    const p = state.base.pose;
    const pose = { ...p, yaw_deg: p.yaw_deg + side, pitch_deg: p.pitch_deg + bow };
    try {
      const response = await api("/api/outline", {
        method: "POST", body: JSON.stringify({ view: photoView(), pose }),
      });
      state.turned = { key: `${bow},${side}`, outline: (await response.json()).model_outline };
    } catch (error) {
      showError(error.message);
      return;
    }
  }
  drawOverlay();
  renderPreview();
}

function resetAlignment(render = true) {
  setAlignment({ dx: 0, dy: 0, k: 1, turn: 0, bow: 0, side: 0 });
  state.turned = null;
  if (render) {
    // Back to the fit's position, also after a reopened scene or landmarks.
    clearLandmarks();
    if (state.fit) {
      state.base = { pose: state.fit.pose, outline: state.fit.model_outline };
    }
    drawOverlay();
    renderPreview();
  }
}

async function save(path, options, filename) {
  $("save-status").textContent = `Preparing ${filename}…`;
  try {
    const response = await api(path, options);
    const pages = response.headers.get("X-Stencil-Pages");
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    $("save-status").textContent =
      `Saved ${filename}.` + (pages ? ` The stencil has ${pages} page(s); choose others with "Page".` : "");
  } catch (error) {
    $("save-status").textContent = "";
    showError(error.message);
  }
}

function planName() {
  return state.presetJson !== null ? "edited-plan" : $("preset").value;
}

function saveStencil(format) {
  const body = { ...planChoice(), dpi: Number($("dpi").value), paper: $("paper").value,
    page: Number($("page").value), format };
  if ($("session").value) body.session = Number($("session").value);
  const name = `stencil-${planName()}-${body.dpi}dpi-p${body.page}.${format}`;
  save(sessionUrl("/api/stencil"), { method: "POST", body: JSON.stringify(body) }, name);
}

async function loadPresets() {
  const presets = await (await api("/api/presets")).json();
  const select = $("preset");
  for (const p of presets) {
    const option = document.createElement("option");
    option.value = p.name;
    option.textContent = p.name;
    option.dataset.about = p.description;
    select.append(option);
  }
  select.value = presets.some((p) => p.name === "norwood-6") ? "norwood-6" : presets[0].name;
  describePreset();
}

function describePreset() {
  const option = $("preset").selectedOptions[0];
  $("preset-about").textContent = option ? option.dataset.about : "";
}

function wire() {
  const drop = $("drop");
  $("photo").addEventListener("change", (e) => uploadPhoto(e.target.files[0]));
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    uploadPhoto(e.dataTransfer.files[0]);
  });
  drop.tabIndex = 0;
  drop.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("photo").click(); }
  });
  $("use-default").addEventListener("click", useDefaultHead);
  $("view").addEventListener("change", refit);
  $("reset-align").addEventListener("click", () => resetAlignment());
  $("preset").addEventListener("change", () => { describePreset(); renderPreview(); });
  // The built-in head's turn: the value beside each slider in words (a signed angle read as
  // "turned to the right: -5°"), the preview once it is let go.
  const turnWords = {
    "turn-yaw": ["facing you", "to the picture's right", "to the picture's left"],
    "turn-pitch": ["level", "toward you", "away from you"],
  };
  for (const id of ["turn-yaw", "turn-pitch"]) {
    const say = () => {
      const [level, positive, negative] = turnWords[id];
      const deg = Number($(id).value) || 0;
      $(`${id}-value`).textContent =
        deg === 0 ? level : `${Math.abs(deg)}° ${deg > 0 ? positive : negative}`;
    };
    $(id).addEventListener("input", say);
    say();
  }
  for (const id of ["seed", "session", "years", "skin", "rendering", "guides", "zoom",
                    "turn-yaw", "turn-pitch",
                    "move-x", "move-y", "size", "tilt"]) {
    $(id).addEventListener("change", renderPreview);
  }
  for (const radio of document.querySelectorAll("input[name=look]")) {
    radio.addEventListener("change", renderPreview);
  }
  $("show-outline").addEventListener("change", drawOverlay);
  for (const id of ["move-x", "move-y", "size", "tilt"]) {
    $(id).addEventListener("input", () => state.overlay.draw());
  }
  $("bow").addEventListener("change", turnOutline);
  $("side").addEventListener("change", turnOutline);
  $("trace").addEventListener("change", () => {
    if ($("trace").checked) {
      startFromPlan();
    } else {
      stopTracing();
      drawOverlay();
      renderPreview();
    }
  });
  $("add-point").addEventListener("click", () => state.overlay.addPoint());
  $("remove-point").addEventListener("click", () => {
    if (!state.overlay.removeSelected()) traceSay("Select a point first (click it, or Tab to it); at least 3 stay.");
  });
  $("mirror").addEventListener("click", mirrorHairline);
  $("restart-line").addEventListener("click", startFromPlan);
  $("scene-file").addEventListener("change", (e) => chooseSceneFile(e.target.files[0]));
  $("plan-file").addEventListener("change", (e) => choosePlanFile(e.target.files[0]));
  window.addEventListener("resize", fitPreview);
  $("preview").addEventListener("load", drawOverlay);
  $("load-json").addEventListener("click", async () => {
    const body = JSON.stringify({ preset: $("preset").value });
    const response = await api("/api/preset.json", { method: "POST", body });
    $("preset-json").value = await response.text();
  });
  $("use-json").addEventListener("click", () => {
    state.presetJson = $("preset-json").value;
    renderPreview();
  });
  $("drop-json").addEventListener("click", () => { state.presetJson = null; renderPreview(); });
  $("save-preview").addEventListener("click", () => {
    const name = `${state.lastName}-${planName()}-simulation.png`;
    const body = JSON.stringify(previewRequest());
    save(sessionUrl("/api/preview"), { method: "POST", body }, name);
  });
  $("save-stencil").addEventListener("click", () => saveStencil("png"));
  $("save-stencil-svg").addEventListener("click", () => saveStencil("svg"));
  $("save-preset").addEventListener("click", () => {
    save("/api/preset.json", { method: "POST", body: JSON.stringify(planChoice()) },
      `${planName()}.json`);
  });
  $("save-scene").addEventListener("click", () =>
    save(sessionUrl("/api/scene.json"), {}, `${state.lastName}-scene.json`));
  $("save-mask").addEventListener("click", () =>
    save(sessionUrl("/api/mask.png", `&view=${photoView()}`), {}, `${state.lastName}-scalp.png`));
}

async function start() {
  state.overlay = createOverlay($("overlay"), {
    outline: outlineNow,
    alignment,
    setAlignment,
    hairline: () => (photoShown() ? state.hairline : null),
    // The server's curve while it is for the points shown; while they move, straight lines.
    hairlineCurve: () => (state.hairlineCurve && state.hairline &&
      state.hairlineCurve.key === JSON.stringify(state.hairline) ? state.hairlineCurve.runs : null),
    setHairline: (points) => { state.hairline = points; },
    commit: renderPreview,
    say: traceSay,
    marking: () => $("mark-points").checked && photoShown(),
    landmarks: landmarkMarks,
    placeLandmark,
    moveLandmark,
    removeLandmark,
    chooseLandmark: (name) => { $("landmark").value = name; },
    landmarksChanged: () => solveLandmarks(),
    brush: brushMark,
    brushKey,
  });
  wire();
  wireMask();
  wireLandmarks();
  try {
    state.session = (await (await api("/api/session", { method: "POST" })).json()).session;
    await loadPresets();
    await renderPreview();
  } catch (error) {
    showError(`The page could not start: ${error.message}`);
  }
}

start();
