// smpsim serve: the page. Plain script, no framework, nothing loaded from elsewhere.
// Every image comes from the server, which uses the same library calls as the command line.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  session: null,
  fit: null,          // the automatic fit of the uploaded photo (JSON), or null: built-in head
  mask: null,         // the scalp mask, tinted for the overlay (canvas), or null
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

// The fit's pose moved, scaled and turned by the alignment fields; null when untouched.
function alignedPose() {
  if (!state.fit) return null;
  const dx = Number($("move-x").value) || 0, dy = Number($("move-y").value) || 0;
  const k = (Number($("size").value) || 100) / 100, turn = Number($("tilt").value) || 0;
  if (dx === 0 && dy === 0 && k === 1 && turn === 0) return null;
  const p = state.fit.pose;
  return {
    yaw_deg: p.yaw_deg, pitch_deg: p.pitch_deg, roll_deg: p.roll_deg + turn,
    scale_px_per_mm: p.scale_px_per_mm.map((s) => s * k),
    origin_px: [p.origin_px[0] + dx, p.origin_px[1] + dy],
  };
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
  const pose = alignedPose();
  if (pose) body.pose = pose;
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
  try {
    const response = await api(sessionUrl("/api/preview"), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(previewRequest()),
      signal: controller.signal,
    });
    const blob = await response.blob();
    if (state.previewUrl) URL.revokeObjectURL(state.previewUrl);
    state.previewUrl = URL.createObjectURL(blob);
    $("preview").src = state.previewUrl;
    showError("");
    const ms = Math.round(performance.now() - started);
    $("render-status").textContent =
      `Preview ready in ${ms} ms. It is labelled SIMULATION, as every saved copy is.`;
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
  const canvas = $("overlay"), image = $("preview");
  canvas.width = image.naturalWidth || 1;
  canvas.height = image.naturalHeight || 1;
  const g = canvas.getContext("2d");
  g.clearRect(0, 0, canvas.width, canvas.height);
  const fit = state.fit;
  const single = ["single", "heatmap"].includes($("rendering").value);
  if (!fit || !$("show-outline").checked || !single || canvas.width !== fit.width_px) return;
  if (state.mask) g.drawImage(state.mask, 0, 0);
  const o = fit.model_outline, pose = alignedPose();
  const k = pose ? (Number($("size").value) || 100) / 100 : 1;
  const centre = pose ? pose.origin_px : o.center_px;
  const turn = pose ? Number($("tilt").value) || 0 : 0;
  g.save();
  g.translate(centre[0], centre[1]);
  g.rotate((o.angle_deg + turn) * Math.PI / 180);
  g.beginPath();
  g.ellipse(0, 0, o.semi_axes_px[0] * k, o.semi_axes_px[1] * k, 0, 0, 2 * Math.PI);
  g.lineWidth = Math.max(2, canvas.width / 400);
  g.strokeStyle = "rgba(240, 164, 0, 0.95)";
  g.stroke();
  g.restore();
}

// The mask as a translucent teal layer: white (scalp) becomes colour, black transparent.
async function loadMask() {
  state.mask = null;
  const view = state.fit.view;
  const response = await api(sessionUrl("/api/mask.png", `&view=${view}`));
  const bitmap = await createImageBitmap(await response.blob());
  const layer = document.createElement("canvas");
  layer.width = bitmap.width;
  layer.height = bitmap.height;
  const g = layer.getContext("2d");
  g.drawImage(bitmap, 0, 0);
  const pixels = g.getImageData(0, 0, layer.width, layer.height);
  for (let i = 0; i < pixels.data.length; i += 4) {
    const scalp = pixels.data[i] > 127;
    pixels.data[i] = 47; pixels.data[i + 1] = 160; pixels.data[i + 2] = 165;
    pixels.data[i + 3] = scalp ? 60 : 0;
  }
  g.putImageData(pixels, 0, 0);
  state.mask = layer;
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
    state.lastName = file.name.replace(/\.[^.]*$/, "");
    $("fit-status").textContent = describeFit(state.fit);
    resetAlignment(false);
    $("align").disabled = false;
    $("save-mask").disabled = false;
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
    $("fit-status").textContent = describeFit(state.fit);
    await loadMask();
  } catch (error) {
    showError(error.message);
  }
  renderPreview();
}

async function useDefaultHead() {
  await api(sessionUrl("/api/default-head"), { method: "POST" });
  state.fit = null;
  state.mask = null;
  state.lastName = "built-in-head";
  $("photo").value = "";
  $("align").disabled = true;
  $("save-scene").disabled = true;
  $("save-mask").disabled = true;
  $("fit-status").textContent = "Showing the built-in head.";
  renderPreview();
}

function resetAlignment(render = true) {
  $("move-x").value = 0; $("move-y").value = 0; $("size").value = 100; $("tilt").value = 0;
  if (render) renderPreview();
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
  const body = { ...presetChoice(), dpi: Number($("dpi").value), paper: $("paper").value,
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
  for (const id of ["seed", "session", "years", "skin", "rendering", "guides",
                    "move-x", "move-y", "size", "tilt"]) {
    $(id).addEventListener("change", renderPreview);
  }
  for (const radio of document.querySelectorAll("input[name=look]")) {
    radio.addEventListener("change", renderPreview);
  }
  $("show-outline").addEventListener("change", drawOverlay);
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
    save("/api/preset.json", { method: "POST", body: JSON.stringify(presetChoice()) },
      `${planName()}.json`);
  });
  $("save-scene").addEventListener("click", () =>
    save(sessionUrl("/api/scene.json"), {}, `${state.lastName}-scene.json`));
  $("save-mask").addEventListener("click", () =>
    save(sessionUrl("/api/mask.png", `&view=${state.fit.view}`), {}, `${state.lastName}-scalp.png`));
}

async function start() {
  wire();
  try {
    state.session = (await (await api("/api/session", { method: "POST" })).json()).session;
    await loadPresets();
    await renderPreview();
  } catch (error) {
    showError(`The page could not start: ${error.message}`);
  }
}

start();
