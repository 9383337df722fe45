//! The scalp mask: which photo pixels dots may darken.
//!
//! One byte per photo pixel, 255 on the scalp and 0 elsewhere, photo px (origin top-left). It
//! comes from an automatic [`HeadFit`] (skin and hair inside the fitted outline, shrunk by a
//! margin, without the face below the brows, the neck, or anything the fit took for
//! background), or from a greyscale image painted by hand (white = scalp).

use image::RgbImage;
use rayon::prelude::*;

use super::fit::{CellTest, HeadFit, HeadRegion};
use super::scene::SceneMask;
use super::{Alignment, Camera, HeadBox, HeadModel, HeadPoint, Unprojector, View};

/// Share of the outline's size left out all round: a thin band at the head's edge, where the
/// outline is least sure and dots would lie on the silhouette, stays untouched.
const MARGIN_SHARE: f64 = 0.06;
/// Share of a top view's silhouette radius left out: the silhouette follows the region's edge
/// itself, which the eroded region already keeps a working pixel from, so it needs less
/// margin than the ellipse (3 % kept a real top view's mask off the shoulders: 0.026 of it
/// outside the head, against 0.06 with the ellipse alone).
const SILHOUETTE_MARGIN_SHARE: f64 = 0.03;

/// Why a mask image was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MaskError {
    /// The mask is not the size of the photo.
    #[error(
        "the mask is {mask_width_px}×{mask_height_px} px; it must be the photo's size, \
         {photo_width_px}×{photo_height_px} px (greyscale, white = scalp)"
    )]
    Size {
        /// Mask width, px.
        mask_width_px: u32,
        /// Mask height, px.
        mask_height_px: u32,
        /// Photo width, px.
        photo_width_px: u32,
        /// Photo height, px.
        photo_height_px: u32,
    },
}

/// Why a scene file's mask was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SceneMaskError {
    /// The mask was made on a photo of another size.
    #[error(
        "mask.size_px is {mask_width_px}×{mask_height_px} px; it must be the photo's size, \
         {photo_width_px}×{photo_height_px} px"
    )]
    Size {
        /// Mask width, px.
        mask_width_px: u32,
        /// Mask height, px.
        mask_height_px: u32,
        /// Photo width, px.
        photo_width_px: u32,
        /// Photo height, px.
        photo_height_px: u32,
    },
    /// A run is outside the photo, empty, or out of order.
    #[error(
        "mask.runs[{index}] is {run:?}; a run is [row, first column, end column] with row below \
         the height, first < end ≤ the width, after the run before it"
    )]
    Run {
        /// Position of the run in the list.
        index: usize,
        /// The run.
        run: [u32; 3],
    },
}

/// Which photo pixels are scalp (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalpMask {
    width_px: u32,
    height_px: u32,
    /// Row-major, 255 = scalp, 0 = not.
    scalp: Vec<u8>,
    /// Scalp pixels, counted once: a 12-MP mask takes milliseconds to count.
    scalp_px: usize,
}

impl ScalpMask {
    /// The mask of row-major values `scalp` (0 = not scalp), `width_px × height_px`.
    fn new(width_px: u32, height_px: u32, scalp: Vec<u8>) -> Self {
        let scalp_px = scalp.iter().filter(|&&v| v != 0).count();
        Self { width_px, height_px, scalp, scalp_px }
    }

    /// The mask painted in `image` (white = scalp: a pixel whose mean of red, green and blue is
    /// at least 128), which must be `photo_size_px` (width, height).
    pub fn from_image(image: &RgbImage, photo_size_px: [u32; 2]) -> Result<Self, MaskError> {
        let (w, h) = image.dimensions();
        if [w, h] != photo_size_px {
            return Err(MaskError::Size {
                mask_width_px: w,
                mask_height_px: h,
                photo_width_px: photo_size_px[0],
                photo_height_px: photo_size_px[1],
            });
        }
        let scalp = image
            .pixels()
            .map(|p| {
                let sum = u16::from(p[0]) + u16::from(p[1]) + u16::from(p[2]);
                if sum >= 3 * 128 { 255 } else { 0 }
            })
            .collect();
        Ok(Self::new(w, h, scalp))
    }

    /// The scalp as the automatic `fit` found it in a `width_px × height_px` photo of `view`.
    ///
    /// Skin and hair the fit kept, inside the outline shrunk by 6 % (and, from above, inside the
    /// head's own edge shrunk by 3 %: not on shoulders that join it), and on the scalp's side of
    /// a line across the head: just above the brows in the front view (where the fit found them,
    /// else a little above the outline's centre), at the ear's middle in profiles, low on the
    /// back of the head in the back view (the nape keeps its hair), and short of the face beyond
    /// the forehead in the top view.
    pub fn from_fit(fit: &HeadFit, view: View, width_px: u32, height_px: u32) -> Self {
        let outline = fit.outline.scaled(1.0 - MARGIN_SHARE);
        let top = fit.top_dir;
        let reach = fit.outline.radius_toward(top);
        // The scalp lies where (p − centre)·top ≥ low·reach and ≤ high·reach.
        let (low, high) = match view {
            View::Front => (0.1, 2.0),
            View::Left | View::Right => (0.0, 2.0),
            View::Back => (-0.35, 2.0),
            View::Top => (-2.0, 0.8),
        };
        let [cx, cy] = fit.outline.center_px;
        // The brows found in a close-up put the line a tenth of the way from them to the top.
        let low = match (view, fit.glabella_px) {
            (View::Front, Some([gx, gy])) => {
                let brows = ((gx - cx) * top[0] + (gy - cy) * top[1]) / reach;
                brows + 0.1 * (1.0 - brows)
            }
            _ => low,
        };
        let region = RegionTest::new(fit);
        let inside = outline.distance2_fn();
        let mut scalp = vec![0u8; width_px as usize * height_px as usize];
        scalp.par_chunks_mut(width_px.max(1) as usize).enumerate().for_each(|(y, row)| {
            let py = y as f64 + 0.5;
            for (x, out) in row.iter_mut().enumerate() {
                let px = x as f64 + 0.5;
                let along = ((px - cx) * top[0] + (py - cy) * top[1]) / reach;
                let on = (low..=high).contains(&along)
                    && inside([px, py]) <= 1.0
                    && region.contains(x, y);
                *out = if on { 255 } else { 0 };
            }
        });
        Self::new(width_px, height_px, scalp)
    }

    /// The scalp for a head placed by hand (landmarks, a head box, a pose dragged on the page)
    /// in a photo where `fit` found the head: inside the placed model's outline (the whole
    /// ellipsoid, top of the head to about the chin, so the plan's temples and nape are not
    /// cut), only what the fit took for head (skin and hair, off the background, and from
    /// above inside the head's own edge). The placement decides where the scalp is, the photo
    /// where it stops: an outline placed a little too large no longer puts dots on the wall or
    /// a pillow behind the head. (Cutting to the model's vault above glabella level instead
    /// cut the temple hooks of profiles and fronts with straight edges: left-04, left-06,
    /// right-04 and front-02 with hand-placed landmarks.)
    ///
    /// Where the fit found no head, or the region and the outline share less than
    /// half of the smaller (the fit took something else for the head), the
    /// whole outline.
    pub fn from_model_in_region(
        model: &HeadModel,
        alignment: &Alignment,
        fit: &HeadFit,
        width_px: u32,
        height_px: u32,
    ) -> Self {
        let inside = alignment.pose.outline(model).distance2_fn();
        let placed = |x: usize, y: usize| inside([x as f64 + 0.5, y as f64 + 0.5]) <= 1.0;
        let region = RegionTest::new(fit);
        // Whether the fit took something else for the head, judged on the working grid: one
        // test per cell, at its centre (a 12-MP mask tested every pixel twice over for it).
        let (f, r) = (region.factor, region.region);
        let [mut in_region, mut in_outline, mut shared] = [0usize; 3];
        for cy in 0..r.height {
            for cx in 0..r.width {
                let (x, y) = (cx * f + f / 2, cy * f + f / 2);
                let (head, on_model) = (region.contains(x, y), placed(x, y));
                in_region += usize::from(head);
                in_outline += usize::from(on_model);
                shared += usize::from(head && on_model);
            }
        }
        let believe_region =
            in_region > 0 && shared as f64 >= MIN_REGION_SHARE * in_region.min(in_outline) as f64;
        let w = width_px.max(1) as usize;
        let mut scalp = vec![0u8; w * height_px as usize];
        scalp.par_chunks_mut(w).enumerate().for_each(|(y, row)| {
            for (x, out) in row.iter_mut().enumerate() {
                let on = placed(x, y) && (!believe_region || region.contains(x, y));
                *out = if on { 255 } else { 0 };
            }
        });
        Self::new(width_px, height_px, scalp)
    }

    /// The scalp `fit` found, for the head as `alignment` places it: as [`Self::from_fit`], but
    /// the line across the head lies on the side the alignment's roll puts the face. Where the
    /// user turned the head the fit had guessed (a top view's forehead at the bottom of the
    /// photo, `--pose 0,0,180` or the page's tilt), the mask follows the user; where the
    /// alignment is the fit's own, the mask is the fit's, bit for bit.
    pub fn from_fit_placed(
        fit: &HeadFit,
        view: View,
        alignment: &Alignment,
        width_px: u32,
        height_px: u32,
    ) -> Self {
        let roll_deg = alignment.pose.roll_deg;
        if roll_deg == fit.roll_deg() {
            Self::from_fit(fit, view, width_px, height_px)
        } else {
            Self::from_fit(&fit.with_roll_deg(roll_deg), view, width_px, height_px)
        }
    }

    /// The head model's vault as `alignment` places it in a `width_px × height_px` photo: every
    /// pixel over the model above the glabella's level, shrunk by the same margin as a fit's
    /// mask. A stand-in for the scalp where neither a fit nor a painted mask gives one (a head
    /// placed with `--fit none`), e.g. to measure the photo's look on.
    pub fn from_model(
        model: &HeadModel,
        alignment: &Alignment,
        width_px: u32,
        height_px: u32,
    ) -> Self {
        let unproject = Unprojector::new(model, &Camera::new(model, alignment));
        // The model's vault, shrunk toward its centre by the margin.
        let semi = model.semi_axes_mm();
        let keep = 1.0 - MARGIN_SHARE;
        let inside = |p: HeadPoint| {
            let (x, y) = (f64::from(p.x_mm) / semi.x, f64::from(p.y_mm) / semi.y);
            p.z_mm >= 0.0 && x * x + y * y <= keep * keep
        };
        let mut scalp = vec![0u8; width_px as usize * height_px as usize];
        scalp.par_chunks_mut(width_px.max(1) as usize).enumerate().for_each(|(y, row)| {
            for (x, out) in row.iter_mut().enumerate() {
                let px = [x as f64 + 0.5, y as f64 + 0.5];
                let on = unproject.head_point(px).is_some_and(inside);
                *out = if on { 255 } else { 0 };
            }
        });
        Self::new(width_px, height_px, scalp)
    }

    /// The mask as a scene file stores it (runs of scalp pixels per row).
    pub fn to_scene_mask(&self) -> SceneMask {
        let w = self.width_px as usize;
        let mut runs = Vec::new();
        for (y, row) in self.scalp.chunks(w.max(1)).enumerate() {
            let mut x = 0;
            while x < w {
                if row[x] == 0 {
                    x += 1;
                    continue;
                }
                let first = x;
                while x < w && row[x] != 0 {
                    x += 1;
                }
                runs.push([y as u32, first as u32, x as u32]);
            }
        }
        SceneMask { size_px: [self.width_px, self.height_px], runs }
    }

    /// The mask a scene file stored, for a photo of `photo_size_px` (width, height).
    pub fn from_scene_mask(
        mask: &SceneMask,
        photo_size_px: [u32; 2],
    ) -> Result<Self, SceneMaskError> {
        let [w, h] = mask.size_px;
        if mask.size_px != photo_size_px {
            return Err(SceneMaskError::Size {
                mask_width_px: w,
                mask_height_px: h,
                photo_width_px: photo_size_px[0],
                photo_height_px: photo_size_px[1],
            });
        }
        let mut scalp = vec![0u8; w as usize * h as usize];
        // End of the previous run as (row, column): runs must come after it.
        let mut last = (0u32, 0u32);
        for (index, &run) in mask.runs.iter().enumerate() {
            let [y, first, end] = run;
            let ordered = (y, first) > last || (index == 0 && (y, first) >= last);
            if y >= h || first >= end || end > w || !ordered {
                return Err(SceneMaskError::Run { index, run });
            }
            let at = y as usize * w as usize;
            scalp[at + first as usize..at + end as usize].fill(255);
            last = (y, end);
        }
        Ok(Self::new(w, h, scalp))
    }

    /// Width, px.
    pub fn width_px(&self) -> u32 {
        self.width_px
    }

    /// Height, px.
    pub fn height_px(&self) -> u32 {
        self.height_px
    }

    /// Whether pixel `(x, y)` is scalp (false outside the mask).
    pub fn contains(&self, x: u32, y: u32) -> bool {
        x < self.width_px
            && y < self.height_px
            && self.scalp[y as usize * self.width_px as usize + x as usize] != 0
    }

    /// Row `y` of the mask, one byte per pixel (255 = scalp); `y` must be below the height.
    pub(crate) fn row(&self, y: u32) -> &[u8] {
        let w = self.width_px as usize;
        &self.scalp[y as usize * w..][..w]
    }

    /// Number of scalp pixels.
    pub fn scalp_px(&self) -> usize {
        self.scalp_px
    }

    /// The mask for a close-up of `region` (px of this mask) drawn `magnification` times larger
    /// into `width_px × height_px` (nearest pixel: the mask stays hard-edged).
    pub(crate) fn resampled(
        &self,
        region: HeadBox,
        magnification: f64,
        width_px: u32,
        height_px: u32,
    ) -> Self {
        let mut scalp = vec![0u8; width_px as usize * height_px as usize];
        scalp.par_chunks_mut(width_px.max(1) as usize).enumerate().for_each(|(j, row)| {
            let sy = region.y_px + (j as f64 + 0.5) / magnification;
            for (i, out) in row.iter_mut().enumerate() {
                let sx = region.x_px + (i as f64 + 0.5) / magnification;
                let inside = sx >= 0.0 && sy >= 0.0 && self.contains(sx as u32, sy as u32);
                *out = if inside { 255 } else { 0 };
            }
        });
        Self::new(width_px, height_px, scalp)
    }

    /// How much of a dot's darkening each pixel keeps, row-major, 0–255: 0 off the scalp,
    /// rising linearly to 255 over the last [`FADE_SHARE`] of the scalp's size inside its edge
    /// (at least a pixel), so the dotted area fades out at the mask's edge like a practitioner's
    /// last, lighter passes instead of ending in a cut line.
    ///
    /// A box filter of the mask, `mean`, is ½ on a straight edge and 1 a radius inside it;
    /// `2·mean − 1` is the ramp. Running sums make it linear in the pixels, whatever the radius.
    pub(crate) fn fade(&self) -> Vec<u8> {
        let (w, h) = (self.width_px as usize, self.height_px as usize);
        let radius = ((self.scalp_px() as f64).sqrt() * FADE_SHARE).round().clamp(1.0, 60.0);
        let r = radius as usize;
        // Rows: count of scalp pixels within ±r of each pixel.
        let mut rows = vec![0u16; w * h];
        rows.par_chunks_mut(w.max(1)).zip(self.scalp.par_chunks(w.max(1))).for_each(
            |(out, mask)| {
                let on = |x: usize| u16::from(mask.get(x).is_some_and(|&m| m != 0));
                let mut sum: u16 = (0..=r.min(w.saturating_sub(1))).map(on).sum();
                for (x, o) in out.iter_mut().enumerate() {
                    *o = sum;
                    sum += on(x + r + 1);
                    if x >= r {
                        sum -= on(x - r);
                    }
                }
            },
        );
        // Columns, all at once: a running sum of row counts over ±r rows.
        let area = ((2 * r + 1) * (2 * r + 1)) as u32;
        let mut fade = vec![0u8; w * h];
        let mut acc = vec![0u32; w];
        let add = |acc: &mut [u32], y: usize, sign: bool| {
            if y < h {
                for (a, &c) in acc.iter_mut().zip(&rows[y * w..(y + 1) * w]) {
                    if sign { *a += u32::from(c) } else { *a -= u32::from(c) }
                }
            }
        };
        for y in 0..=r {
            add(&mut acc, y, true);
        }
        for y in 0..h {
            let mask = &self.scalp[y * w..(y + 1) * w];
            for ((o, &a), &m) in fade[y * w..(y + 1) * w].iter_mut().zip(&acc).zip(mask) {
                // 2·a/area − 1, in 0–255; never above 0 off the scalp.
                let ramp = (2 * a).saturating_sub(area) * 255 / area;
                *o = if m == 0 { 0 } else { ramp.min(255) as u8 };
            }
            add(&mut acc, y + r + 1, true);
            if y >= r {
                add(&mut acc, y - r, false);
            }
        }
        fade
    }
}

/// Depth of the fade at the mask's edge as a share of the scalp's size (the square root of its
/// area): 1.2 %, about 2 px on a 256-px photo and 25 px (some 4 mm of scalp) on a 12-MP one.
pub(crate) const FADE_SHARE: f64 = 0.012;

/// `region` less its edge pixels (4-neighbours): the working copy's boundary pixels mix head
/// and background.
/// Least share of the smaller of a placed head's outline and the fit's head region that the two
/// must share for [`ScalpMask::from_model_in_region`] to keep to the region: below, the fit
/// found something else (a placement too large still holds the region, one too small lies in
/// it).
pub const MIN_REGION_SHARE: f64 = 0.5;

/// Whether a photo pixel lies in the head region a fit found: the region eroded by one working
/// pixel and, where the head's own edge was found (from above), inside it shrunk by
/// [`SILHOUETTE_MARGIN_SHARE`], tested cell by cell.
struct RegionTest<'a> {
    region: &'a HeadRegion,
    eroded: Vec<bool>,
    factor: usize,
    silhouette: Option<CellTest<'a>>,
}

impl<'a> RegionTest<'a> {
    fn new(fit: &'a HeadFit) -> Self {
        let region = &*fit.region;
        let factor = region.factor_px.max(1);
        let silhouette = region.silhouette.as_ref().map(|s| {
            let keep = 1.0 - SILHOUETTE_MARGIN_SHARE;
            CellTest::new(s, keep, region.width, region.height, factor as f64)
        });
        let eroded = erode(region.width, region.height, &region.head);
        Self { region, eroded, factor, silhouette }
    }

    /// Photo pixel `(x, y)`.
    fn contains(&self, x: usize, y: usize) -> bool {
        let (f, r) = (self.factor, self.region);
        let sx = (x / f).min(r.width.saturating_sub(1));
        let sy = (y / f).min(r.height.saturating_sub(1));
        let centre = [x as f64 + 0.5, y as f64 + 0.5];
        self.eroded.get(sy * r.width + sx).copied().unwrap_or(false)
            && self.silhouette.as_ref().is_none_or(|s| s.contains(x / f, y / f, centre))
    }
}

fn erode(w: usize, h: usize, region: &[bool]) -> Vec<bool> {
    (0..w * h)
        .map(|i| {
            let (x, y) = (i % w, i / w);
            region[i]
                && x > 0
                && y > 0
                && x + 1 < w
                && y + 1 < h
                && region[i - 1]
                && region[i + 1]
                && region[i - w]
                && region[i + w]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fit that found no head (an empty region) leaves a hand placement's whole outline.
    #[test]
    fn a_fit_without_a_head_leaves_the_placed_outline_whole() {
        let model = HeadModel::new(crate::HeadSize::default()).unwrap();
        let (w, h) = (200u32, 150u32);
        let region = HeadRegion {
            width: 40,
            height: 30,
            factor_px: 5,
            head: vec![false; 40 * 30],
            silhouette: None,
        };
        let fit = HeadFit {
            outline: crate::head::ImageEllipse {
                center_px: [100.0, 75.0],
                semi_axes_px: [50.0, 40.0],
                angle_rad: 0.0,
            },
            top_dir: [0.0, -1.0],
            glabella_px: None,
            confidence: 0.0,
            doubt: Some(crate::head::FitDoubt::NoHead),
            region: std::sync::Arc::new(region),
        };
        let pose = crate::head::Pose::rolled(View::Front, 0.0, [100.0, 80.0], [0.3, 0.3]);
        let alignment = Alignment::from_pose(pose);
        let placed = ScalpMask::from_model_in_region(&model, &alignment, &fit, w, h);
        let outline = pose.outline(&model);
        let mut inside = 0;
        for y in 0..h {
            for x in 0..w {
                let on = outline.distance2([f64::from(x) + 0.5, f64::from(y) + 0.5]) <= 1.0;
                assert_eq!(placed.contains(x, y), on, "at {x},{y}");
                inside += usize::from(on);
            }
        }
        assert!(inside > 1000, "{inside} px inside the outline");
    }

    #[test]
    fn a_painted_mask_must_match_the_photo() {
        let mut painted = RgbImage::new(4, 3);
        painted.put_pixel(1, 1, image::Rgb([255, 255, 255]));
        let mask = ScalpMask::from_image(&painted, [4, 3]).unwrap();
        assert!(mask.contains(1, 1) && !mask.contains(0, 0) && !mask.contains(9, 9));
        assert_eq!(mask.scalp_px(), 1);
        let err = ScalpMask::from_image(&painted, [5, 3]).unwrap_err();
        assert!(err.to_string().contains("4×3 px") && err.to_string().contains("5×3 px"), "{err}");
    }

    #[test]
    fn the_fade_is_zero_off_the_scalp_and_ramps_to_full_inside_its_edge() {
        // A 400 × 100 scalp in a 600 × 300 photo: fade radius 1.2 % of √40 000 = 2.4 → 2 px.
        let painted = RgbImage::from_fn(600, 300, |x, y| {
            let on = (100..500).contains(&x) && (100..200).contains(&y);
            image::Rgb(if on { [255; 3] } else { [0; 3] })
        });
        let mask = ScalpMask::from_image(&painted, [600, 300]).unwrap();
        let fade = mask.fade();
        let at = |x: usize, y: usize| fade[y * 600 + x];
        for (x, y) in [(99, 150), (500, 150), (300, 99), (300, 200), (0, 0)] {
            assert_eq!(at(x, y), 0, "{x},{y} is off the scalp");
        }
        // Along a row through the middle: 1/5, 3/5 of the way in, then full.
        let row: Vec<u8> = (100..104).map(|x| at(x, 150)).collect();
        assert_eq!(row, [51, 153, 255, 255]);
        assert_eq!(at(300, 150), 255);
        assert!(at(100, 100) < at(100, 150), "a corner fades from both sides");
    }

    #[test]
    fn a_mask_survives_a_scene_file_and_broken_runs_are_refused() {
        let painted = RgbImage::from_fn(40, 30, |x, y| {
            let on = (x as i32 - 20).pow(2) + (y as i32 - 15).pow(2) < 100 || (x == 39 && y == 3);
            image::Rgb(if on { [255; 3] } else { [0; 3] })
        });
        let mask = ScalpMask::from_image(&painted, [40, 30]).unwrap();
        let stored = mask.to_scene_mask();
        assert_eq!(stored.size_px, [40, 30]);
        assert!(stored.runs.contains(&[3, 39, 40]), "the last column's run ends at the width");
        let json = serde_json::to_string(&stored).unwrap();
        let back: SceneMask = serde_json::from_str(&json).unwrap();
        assert_eq!(ScalpMask::from_scene_mask(&back, [40, 30]).unwrap(), mask);
        let err = ScalpMask::from_scene_mask(&back, [41, 30]).unwrap_err();
        assert!(err.to_string().contains("41×30"), "{err}");
        for (bad, index) in [
            (vec![[0, 5, 5]], 0),
            (vec![[0, 5, 41]], 0),
            (vec![[30, 0, 1]], 0),
            (vec![[2, 5, 9], [2, 8, 12]], 1),
            (vec![[2, 5, 9], [1, 0, 3]], 1),
        ] {
            let broken = SceneMask { size_px: [40, 30], runs: bad };
            let err = ScalpMask::from_scene_mask(&broken, [40, 30]).unwrap_err();
            assert!(
                matches!(err, SceneMaskError::Run { index: i, .. } if i == index),
                "{broken:?}: {err}"
            );
        }
    }

    #[test]
    fn a_close_up_resamples_the_mask_with_the_photo() {
        let mut painted = RgbImage::new(10, 10);
        painted.put_pixel(5, 5, image::Rgb([255, 255, 255]));
        let mask = ScalpMask::from_image(&painted, [10, 10]).unwrap();
        let region = HeadBox { x_px: 4.0, y_px: 4.0, width_px: 3.0, height_px: 3.0 };
        let zoomed = mask.resampled(region, 4.0, 12, 12);
        assert_eq!(zoomed.scalp_px(), 16);
        assert!(zoomed.contains(4, 4) && zoomed.contains(7, 7) && !zoomed.contains(8, 8));
    }
}
