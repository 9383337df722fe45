//! Session strips: the progression a client asks about — each session, the healed result and
//! the result years on — as labelled previews side by side.
//!
//! # What each panel shows
//! - `SESSION k`: the day of session k. Dots of sessions 1…k−1 have healed; session k's dots
//!   are fresh (larger, darker scabs). This is what the client sees in the mirror after each
//!   visit, and it darkens session after session as dots accumulate.
//! - `HEALED`: every session healed, weeks after the last one: the planned result.
//! - `AGED N Y`: the healed result N years later without a touch-up (lighter, slightly spread).
//!
//! Every panel is a full preview over the same background and alignment, with its own
//! simulation label; panels render in parallel and the strip is byte-identical for any number
//! of threads (each panel is).

use image::RgbImage;
use rayon::prelude::*;

use super::overlay::{
    PixelRect, SimulationLabel, caption_cap_px, draw_scale_bar, draw_simulation_label,
    draw_stage_guides, draw_title, paint_rect,
};
use super::preview::PreviewError;
use super::stage::Stage;
use crate::dots::ZoneKind;
use crate::head::{Alignment, HeadModel};
use crate::plan::Plan;
use crate::splat::SplatOptions;
use crate::splat::{Look, dot_appearance};

/// Width of the dark rule between panels, px (drawn inside each panel but the first).
const RULE_WIDTH_PX: u32 = 3;
/// Colour of that rule, sRGB.
const RULE_SRGB: [u8; 3] = [40, 40, 44];

/// One panel of a session strip.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StripPanel {
    /// The day of this session (from 1): earlier sessions healed, this one fresh.
    Session(u8),
    /// Every session healed.
    Healed,
    /// Every session healed, then aged this many years.
    Aged {
        /// Years after healing, ≥ 0.
        years: f32,
    },
}

impl StripPanel {
    /// The panel's title, e.g. `SESSION 2`, `HEALED`, `AGED 3 Y`.
    pub fn title(&self) -> String {
        match self {
            StripPanel::Session(k) => format!("SESSION {k}"),
            StripPanel::Healed => "HEALED".to_owned(),
            StripPanel::Aged { years } => Look::Aged { years: *years }.label().to_uppercase(),
        }
    }
}

/// What a session strip shows and how it draws it.
#[derive(Clone, Debug)]
pub struct StripOptions {
    /// Years after healing of the last panel. Default `3.0`.
    pub years: f32,
    /// Draw the fitted outline, hairline and zone borders on every panel. Default `false`.
    pub guides: bool,
    /// How dots are drawn. Default: [`SplatOptions::default`].
    pub splat: SplatOptions,
    /// Draw a scale bar on every panel at this many px per mm (close-ups). Default `None`.
    pub scale_bar_px_per_mm: Option<f32>,
}

impl Default for StripOptions {
    fn default() -> Self {
        Self {
            years: 3.0,
            guides: false,
            splat: SplatOptions::default(),
            scale_bar_px_per_mm: None,
        }
    }
}

/// The panels of a strip for a plan of `session_count` sessions: every session, healed, aged.
pub fn strip_panels(session_count: u8, years: f32) -> Vec<StripPanel> {
    (1..=session_count)
        .map(StripPanel::Session)
        .chain([StripPanel::Healed, StripPanel::Aged { years }])
        .collect()
}

/// Renders the session strip of `plan` over `background` (photo or default head, aligned by
/// `alignment`): one full preview per panel of [`strip_panels`], left to right, each as wide
/// as `background`, titled at the top and labelled as a simulation at the bottom left.
pub fn render_strip(
    plan: &Plan,
    model: &HeadModel,
    alignment: &Alignment,
    background: &RgbImage,
    options: &StripOptions,
) -> Result<RgbImage, PreviewError> {
    render_strip_on(&Stage::photo(model, alignment, None), plan, background, options)
}

/// [`render_strip`] on any stage (a photo's head model, or the rendered default head).
pub(crate) fn render_strip_on(
    stage: &Stage<'_>,
    plan: &Plan,
    background: &RgbImage,
    options: &StripOptions,
) -> Result<RgbImage, PreviewError> {
    let panels = strip_panels(plan.session_count, options.years);
    let rendered: Vec<RgbImage> = panels
        .par_iter()
        .map(|panel| render_panel(stage, plan, background, *panel, options))
        .collect::<Result<_, _>>()?;
    let (w, h) = background.dimensions();
    let panel_row = w as usize * 3;
    let mut strip = RgbImage::new(w * panels.len() as u32, h);
    // Row by row, panel after panel: a plain copy (per-pixel `imageops::replace` took longer
    // than rendering the panels).
    strip.par_chunks_mut(panel_row * panels.len()).enumerate().for_each(|(y, row)| {
        for (panel, out) in rendered.iter().zip(row.chunks_mut(panel_row)) {
            out.copy_from_slice(&panel.as_raw()[y * panel_row..(y + 1) * panel_row]);
        }
    });
    Ok(strip)
}

/// One panel: the dots as `panel` says, guides if asked, the title and the simulation label.
fn render_panel(
    stage: &Stage<'_>,
    plan: &Plan,
    background: &RgbImage,
    panel: StripPanel,
    options: &StripOptions,
) -> Result<RgbImage, PreviewError> {
    let count = plan.session_count;
    let (session, label_look) = match panel {
        StripPanel::Session(k) => (k, Look::Fresh),
        StripPanel::Healed => (count, Look::Healed),
        StripPanel::Aged { years } => (count, Look::Aged { years }),
    };
    if session == 0 || session > count {
        return Err(PreviewError::Session { session, count });
    }
    let mut image = background.clone();
    let (w, h) = image.dimensions();
    let kinds: Vec<ZoneKind> = plan.zones.iter().map(|z| z.kind).collect();
    let dots = stage.dots(plan, session, [w, h], &options.splat, |d| {
        let kind = kinds.get(usize::from(d.zone)).copied().unwrap_or(ZoneKind::Total);
        let look = match panel {
            // The day of session k: its own dots fresh, the earlier ones healed.
            StripPanel::Session(k) if d.session == k => Look::Fresh,
            StripPanel::Session(_) | StripPanel::Healed => Look::Healed,
            StripPanel::Aged { years } => Look::Aged { years },
        };
        dot_appearance(d, kind, look)
    });
    stage.splat(&mut image, &dots, &options.splat)?;
    if options.guides {
        draw_stage_guides(&mut image, plan, stage);
    }
    draw_title(&mut image, &panel.title(), caption_cap_px(w.min(h)));
    let label = SimulationLabel {
        preset_name: &plan.preset_name,
        session,
        session_count: count,
        look: label_look,
    };
    draw_simulation_label(&mut image, &label);
    if let Some(px_per_mm) = options.scale_bar_px_per_mm {
        draw_scale_bar(&mut image, px_per_mm);
    }
    if !matches!(panel, StripPanel::Session(1)) {
        let rule = PixelRect { x: 0, y: 0, width: RULE_WIDTH_PX as i32, height: h as i32 };
        paint_rect(&mut image, rule, |_| RULE_SRGB);
    }
    Ok(image)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_are_every_session_then_healed_then_aged() {
        let panels = strip_panels(3, 3.0);
        let titles: Vec<String> = panels.iter().map(StripPanel::title).collect();
        assert_eq!(titles, ["SESSION 1", "SESSION 2", "SESSION 3", "HEALED", "AGED 3 Y"]);
        assert_eq!(strip_panels(1, 2.5).last().unwrap().title(), "AGED 2.5 Y");
    }
}
