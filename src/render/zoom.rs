//! Close-ups: a region of a preview re-rendered at high magnification, so a practitioner can
//! judge single dots — their soft, irregular outlines and their spacing — as on the client.
//!
//! # Frame
//! A zoom box is `X,Y,W,H` in the pixels of the un-zoomed output (the photo, or the default
//! head image): origin top-left, +x right, +y down. The close-up maps that box onto an image
//! `magnification` times larger; the head model's alignment is scaled with it, so dots are
//! projected and drawn at their true size at the new scale (not an enlarged crop). A photo is
//! resampled (bilinear); the default head is painted afresh at the new scale.

use image::RgbImage;
use rayon::prelude::*;

use crate::dots::ZoneKind;
use crate::geom::MapPoint;
use crate::head::{Alignment, Camera, HeadBox, HeadModel};
use crate::plan::Plan;

/// Margin added around a zone's projected extent, as a share of the extent's longer side.
const ZONE_MARGIN: f64 = 0.08;
/// Least margin around a zone's projected extent, px of the un-zoomed image.
const ZONE_MARGIN_MIN_PX: f64 = 8.0;

/// Half the width of the stretch of hairline a `hairline` close-up frames, mm of scalp: the
/// middle 7 cm, where clients look first. The whole zone runs ear to ear down the temples, and
/// framing all of it would magnify less than 2×, too little to judge single dots.
const HAIRLINE_HALF_WINDOW_MM: f32 = 35.0;

/// What a close-up frames.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ZoomTarget {
    /// The extent of the plan's zones of this kind as the view shows them, with a margin; for
    /// the hairline, its middle 7 cm (the whole band, front to back, within 35 mm of the
    /// midline).
    Zone(ZoneKind),
    /// A box in the un-zoomed image's pixels: `x_px`, `y_px` (top-left), width and height.
    Box(HeadBox),
}

/// How large a close-up is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ZoomOptions {
    /// The close-up's longer side, px, before the magnification limits apply. Default `2000`
    /// (the default head's width).
    pub long_side_px: u32,
    /// Largest magnification: beyond it a photo is mush and images grow huge. Default `40`.
    pub max_magnification: f64,
}

impl Default for ZoomOptions {
    fn default() -> Self {
        Self { long_side_px: 2000, max_magnification: 40.0 }
    }
}

/// Why a close-up cannot be made.
#[derive(Debug, thiserror::Error, PartialEq)]
#[non_exhaustive]
pub enum ZoomError {
    /// The preset has no zone of the kind asked for.
    #[error("preset {preset} has no {kind} zone (its zones: {zones})")]
    NoZone {
        /// The kind asked for, e.g. `crown`.
        kind: String,
        /// The preset's name.
        preset: String,
        /// The preset's zone names, comma-separated.
        zones: String,
    },
    /// The zone lies wholly on the far side of the head or outside the image in this view.
    #[error("the {kind} zone is not visible in the {view} view; try another view")]
    ZoneNotVisible {
        /// The zone kind.
        kind: String,
        /// The view.
        view: String,
    },
    /// The box has no area or is not finite.
    #[error("box {zoom_box} has no area: width and height must be above 0 px")]
    EmptyBox {
        /// The box, `X,Y,W,H`.
        zoom_box: String,
    },
    /// The box reaches outside the image.
    #[error(
        "box {zoom_box} reaches outside the {width_px}×{height_px} px image: need X ≥ 0, Y ≥ 0, \
         X+W ≤ {width_px}, Y+H ≤ {height_px}"
    )]
    BoxOutside {
        /// The box, `X,Y,W,H`.
        zoom_box: String,
        /// Image width, px.
        width_px: u32,
        /// Image height, px.
        height_px: u32,
    },
}

/// A resolved close-up: the region of the un-zoomed image and the scale it is drawn at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Zoom {
    /// The region, px of the un-zoomed image.
    pub region: HeadBox,
    /// Close-up px per un-zoomed px, ≥ 1.
    pub magnification: f64,
    /// Size of the close-up, px.
    pub width_px: u32,
    /// Size of the close-up, px.
    pub height_px: u32,
}

impl Zoom {
    /// Resolves `target` over an un-zoomed image of `width_px × height_px` in which `model` is
    /// aligned by `alignment`; a box must lie inside the image.
    pub fn resolve(
        target: ZoomTarget,
        plan: &Plan,
        model: &HeadModel,
        alignment: &Alignment,
        width_px: u32,
        height_px: u32,
        options: &ZoomOptions,
    ) -> Result<Self, ZoomError> {
        let camera = Camera::new(model, alignment);
        let project = |p| camera.map_point(model, p);
        let view = alignment.view().name();
        Self::resolve_with(target, plan, &project, view, [width_px, height_px], options)
    }

    /// [`Zoom::resolve`] with any projection of map points into the un-zoomed image of
    /// `size_px` (the default head's scan render, say); `view` names the view in errors.
    pub(crate) fn resolve_with(
        target: ZoomTarget,
        plan: &Plan,
        project: &dyn Fn(MapPoint) -> Option<[f32; 2]>,
        view: &str,
        [width_px, height_px]: [u32; 2],
        options: &ZoomOptions,
    ) -> Result<Self, ZoomError> {
        let region = match target {
            ZoomTarget::Box(b) => check_box(b, width_px, height_px)?,
            ZoomTarget::Zone(kind) => zone_box(kind, plan, project, view, width_px, height_px)?,
        };
        let long = region.width_px.max(region.height_px);
        let magnification =
            (f64::from(options.long_side_px) / long).clamp(1.0, options.max_magnification.max(1.0));
        let side = |v: f64| ((v * magnification).round() as u32).max(1);
        Ok(Self {
            region,
            magnification,
            width_px: side(region.width_px),
            height_px: side(region.height_px),
        })
    }

    /// `alignment` of `model` carried into the close-up: the same head at the close-up's scale.
    pub fn alignment(&self, model: &HeadModel, alignment: &Alignment) -> Alignment {
        alignment.zoomed(model, [self.region.x_px, self.region.y_px], self.magnification)
    }

    /// The region of `photo` resampled (bilinear) to the close-up's size.
    pub fn resample(&self, photo: &RgbImage) -> RgbImage {
        let (w, h) = (self.width_px, self.height_px);
        let (pw, ph) = (photo.width() as i64, photo.height() as i64);
        let k = self.magnification;
        let mut out = RgbImage::new(w, h);
        let row_bytes = w as usize * 3;
        out.par_chunks_mut(row_bytes).enumerate().for_each(|(j, row)| {
            let sy = self.region.y_px + (j as f64 + 0.5) / k - 0.5;
            let (y0, fy) = (sy.floor() as i64, sy - sy.floor());
            for i in 0..w as usize {
                let sx = self.region.x_px + (i as f64 + 0.5) / k - 0.5;
                let (x0, fx) = (sx.floor() as i64, sx - sx.floor());
                let at = |x: i64, y: i64| {
                    photo.get_pixel(x.clamp(0, pw - 1) as u32, y.clamp(0, ph - 1) as u32).0
                };
                let (a, b, c, d) = (at(x0, y0), at(x0 + 1, y0), at(x0, y0 + 1), at(x0 + 1, y0 + 1));
                for ch in 0..3 {
                    let top = f64::from(a[ch]) * (1.0 - fx) + f64::from(b[ch]) * fx;
                    let bottom = f64::from(c[ch]) * (1.0 - fx) + f64::from(d[ch]) * fx;
                    row[i * 3 + ch] = (top * (1.0 - fy) + bottom * fy).round() as u8;
                }
            }
        });
        out
    }
}

/// `b` if it has area and lies inside a `width_px × height_px` image.
fn check_box(b: HeadBox, width_px: u32, height_px: u32) -> Result<HeadBox, ZoomError> {
    if !(b.width_px > 0.0 && b.height_px > 0.0 && b.x_px.is_finite() && b.y_px.is_finite()) {
        return Err(ZoomError::EmptyBox { zoom_box: b.to_string() });
    }
    let (w, h) = (f64::from(width_px), f64::from(height_px));
    if b.x_px < 0.0 || b.y_px < 0.0 || b.x_px + b.width_px > w || b.y_px + b.height_px > h {
        return Err(ZoomError::BoxOutside { zoom_box: b.to_string(), width_px, height_px });
    }
    Ok(b)
}

/// The projected extent of the plan's `kind` zones in the image, with a margin, clipped to it.
fn zone_box(
    kind: ZoneKind,
    plan: &Plan,
    project: &dyn Fn(MapPoint) -> Option<[f32; 2]>,
    view: &str,
    width_px: u32,
    height_px: u32,
) -> Result<HeadBox, ZoomError> {
    let name = kind.name();
    let zones: Vec<_> = plan.zones.iter().filter(|z| z.kind == kind).collect();
    if zones.is_empty() {
        let names: Vec<&str> = plan.zones.iter().map(|z| z.name.as_str()).collect();
        return Err(ZoomError::NoZone {
            kind: name.to_owned(),
            preset: plan.preset_name.clone(),
            zones: if names.is_empty() { "none".to_owned() } else { names.join(", ") },
        });
    }
    let (w, h) = (f64::from(width_px), f64::from(height_px));
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    let all = || zones.iter().flat_map(|z| z.outlines_mm.iter().flatten()).copied();
    let middle = |p: &MapPoint| p.x_mm.abs() <= HAIRLINE_HALF_WINDOW_MM;
    let points: Vec<MapPoint> = match kind {
        ZoneKind::Hairline if all().any(|p| middle(&p)) => all().filter(middle).collect(),
        _ => all().collect(),
    };
    for p in points.into_iter().filter_map(project) {
        let p = p.map(f64::from);
        if (0.0..w).contains(&p[0]) && (0.0..h).contains(&p[1]) {
            for a in 0..2 {
                lo[a] = lo[a].min(p[a]);
                hi[a] = hi[a].max(p[a]);
            }
        }
    }
    if lo[0] > hi[0] || lo[1] > hi[1] {
        return Err(ZoomError::ZoneNotVisible { kind: name.to_owned(), view: view.to_owned() });
    }
    let margin = ((hi[0] - lo[0]).max(hi[1] - lo[1]) * ZONE_MARGIN).max(ZONE_MARGIN_MIN_PX);
    let (x0, y0) = ((lo[0] - margin).max(0.0), (lo[1] - margin).max(0.0));
    let (x1, y1) = ((hi[0] + margin).min(w), (hi[1] + margin).min(h));
    Ok(HeadBox { x_px: x0, y_px: y0, width_px: x1 - x0, height_px: y1 - y0 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::SCALP_MAP_MM;
    use crate::head::{HeadSize, View};

    fn hb(x: f64, y: f64, w: f64, h: f64) -> HeadBox {
        HeadBox { x_px: x, y_px: y, width_px: w, height_px: h }
    }

    #[test]
    fn boxes_must_have_area_and_lie_inside() {
        assert!(check_box(hb(0.0, 0.0, 100.0, 50.0), 100, 50).is_ok());
        for bad in [hb(0.0, 0.0, 0.0, 5.0), hb(1.0, 1.0, 5.0, -2.0), hb(f64::NAN, 0.0, 1.0, 1.0)] {
            assert!(matches!(check_box(bad, 100, 50), Err(ZoomError::EmptyBox { .. })), "{bad}");
        }
        for bad in [hb(-1.0, 0.0, 5.0, 5.0), hb(96.0, 0.0, 5.0, 5.0), hb(0.0, 46.0, 5.0, 5.0)] {
            assert!(matches!(check_box(bad, 100, 50), Err(ZoomError::BoxOutside { .. })), "{bad}");
        }
    }

    #[test]
    fn the_close_up_camera_is_the_original_scaled_about_the_box() {
        let model = HeadModel::new(HeadSize::default()).unwrap();
        for glabella in [None, Some([500.0, 520.0])] {
            let b = Alignment::default_fit(View::Front, &model, 1000, 1000).head_box();
            let alignment = Alignment::fit(View::Front, b, glabella, &model, 1000, 1000).unwrap();
            let zoom = Zoom {
                region: hb(300.0, 200.0, 250.0, 125.0),
                magnification: 8.0,
                width_px: 2000,
                height_px: 1000,
            };
            let near = Camera::new(&model, &zoom.alignment(&model, &alignment));
            let far = Camera::new(&model, &alignment);
            let p = MapPoint::new(10.0, 80.0);
            let a = far.map_point(&model, p).unwrap();
            let b = near.map_point(&model, p).unwrap();
            assert!((b[0] - (a[0] - 300.0) * 8.0).abs() < 1e-2, "{a:?} {b:?}");
            assert!((b[1] - (a[1] - 200.0) * 8.0).abs() < 1e-2, "{a:?} {b:?}");
        }
    }

    #[test]
    fn the_close_up_is_as_large_as_asked_within_the_limits() {
        let model = HeadModel::new(HeadSize::default()).unwrap();
        let alignment = Alignment::default_fit(View::Front, &model, 4000, 3000);
        let plan_free = |b| {
            Zoom::resolve(
                ZoomTarget::Box(b),
                &empty_plan(),
                &model,
                &alignment,
                4000,
                3000,
                &ZoomOptions::default(),
            )
            .unwrap()
        };
        let z = plan_free(hb(100.0, 100.0, 400.0, 200.0));
        assert_eq!((z.magnification, z.width_px, z.height_px), (5.0, 2000, 1000));
        let tiny = plan_free(hb(10.0, 10.0, 10.0, 10.0));
        assert_eq!((tiny.magnification, tiny.width_px), (40.0, 400));
        let big = plan_free(hb(0.0, 0.0, 3000.0, 3000.0));
        assert_eq!((big.magnification, big.width_px), (1.0, 3000));
    }

    fn empty_plan() -> Plan {
        Plan {
            preset_name: "none".into(),
            seed: 0,
            session_count: 1,
            zones: Vec::new(),
            hairline_mm: Vec::new(),
            extent_mm: SCALP_MAP_MM,
            dots: Vec::new(),
            native_hair: std::sync::Arc::new(crate::field::UniformDensity { density_per_cm2: 0.0 }),
        }
    }

    #[test]
    fn a_missing_zone_names_the_zones_there_are() {
        let model = HeadModel::new(HeadSize::default()).unwrap();
        let alignment = Alignment::default_fit(View::Top, &model, 500, 500);
        let err = Zoom::resolve(
            ZoomTarget::Zone(ZoneKind::Crown),
            &empty_plan(),
            &model,
            &alignment,
            500,
            500,
            &ZoomOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "preset none has no crown zone (its zones: none)");
    }
}
