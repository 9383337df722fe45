// smpsim serve: the page's Design step and reopening a saved consultation: the hairline traced
// on the photo as points (placed from the plan, made symmetric by the server, which un-projects
// them onto the scalp as `--hairline-px` does) and the scene and plan files saved last time.
// Uses the state and helpers of app.js ($, api, state, renderPreview, …), which runs after it.
"use strict";

// --- The hairline traced on the photo -----------------------------------------------------

function traceSay(text) { $("trace-status").textContent = text; }

function stopTracing() {
  state.hairline = null;
  state.hairlineMm = null;
  state.hairlineCurve = null;
  $("trace").checked = false;
  $("trace-tools").hidden = true;
  traceSay("");
}

function hairlineRequest(extra) {
  const body = { ...presetChoice(), view: photoView(), ...extra };
  delete body.seed;
  const pose = alignedPose();
  if (pose) body.pose = pose;
  if (landmarksPlace()) body.points_px = landmarks.points;
  return body;
}

// The plan's hairline placed on the photo, as points to drag.
async function startFromPlan() {
  traceSay("Placing the plan's hairline on the photo…");
  try {
    const response = await api(sessionUrl("/api/hairline"), {
      method: "POST", body: JSON.stringify(hairlineRequest({})),
    });
    state.hairline = (await response.json()).hairline_px;
    state.overlay.clearSelection();
    $("trace-tools").hidden = false;
    traceSay(`${state.hairline.length} points on the plan's hairline. The preview follows them.`);
    drawOverlay();
    renderPreview();
  } catch (error) {
    $("trace").checked = false;
    traceSay("");
    showError(error.message);
  }
}

async function mirrorHairline() {
  if (!state.hairline) return;
  try {
    const response = await api(sessionUrl("/api/hairline"), {
      method: "POST", body: JSON.stringify(hairlineRequest({ hairline_px: state.hairline })),
    });
    state.hairline = (await response.json()).hairline_px;
    traceSay("Both sides now match, mirrored about the middle of the head.");
    drawOverlay();
    renderPreview();
  } catch (error) {
    showError(error.message);
  }
}

// --- Reopening a saved consultation ----------------------------------------------------------

async function reopenScene(text) {
  try {
    const response = await api(sessionUrl("/api/scene", `&view=${photoView()}`), {
      method: "POST", body: text,
    });
    const scene = await response.json();
    state.base = { pose: scene.pose, outline: scene.model_outline };
    state.reopened = true;
    $("view").value = scene.view;
    setAlignment({ dx: 0, dy: 0, k: 1, turn: 0, bow: 0, side: 0 });
    state.turned = null;
    clearLandmarks();
    if (scene.landmarks) {
      // Saved with landmarks: they go on placing the head; removing them goes back to the fit.
      const fitted = { pose: state.fit.pose, outline: state.fit.model_outline };
      landmarks.before = { base: fitted, fields: alignment() };
      adoptLandmarks(scene.landmarks);
      landmarkSay(residualWords(scene.landmarks));
    }
    if (scene.hairline_px) {
      state.hairline = scene.hairline_px;
      $("trace").checked = true;
      $("trace-tools").hidden = false;
      traceSay(`${state.hairline.length} hairline points from the saved file.`);
    } else {
      stopTracing();
    }
    $("reopen-status").textContent = "The saved head position" +
      (scene.hairline_px ? ", hairline" : "") + (scene.mask ? " and scalp area" : "") + " are back.";
    await loadMask();
    await renderPreview();
  } catch (error) {
    $("reopen-status").textContent = "That file could not be used.";
    showError(error.message);
  }
}

async function chooseSceneFile(file) {
  if (!file) return;
  showError("");
  const text = await file.text();
  if (!state.fit) {
    state.pendingScene = text;
    $("reopen-status").textContent = `${file.name} will be used once the photo is chosen.`;
    return;
  }
  await reopenScene(text);
}

async function choosePlanFile(file) {
  if (!file) return;
  showError("");
  const text = await file.text();
  try {
    // Checked as the command line checks a preset file; refused with its one-line reason.
    await api("/api/preset.json", { method: "POST", body: JSON.stringify({ preset_json: text }) });
    state.presetJson = text;
    $("preset-json").value = text;
    $("reopen-status").textContent = `Using the saved plan ${file.name}.`;
    renderPreview();
  } catch (error) {
    $("reopen-status").textContent = "That plan could not be used.";
    showError(error.message);
  }
}
