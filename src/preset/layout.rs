//! A validated preset turned into density fields: the [`Layout`] the plan builder samples.

use std::collections::HashMap;
use std::sync::Arc;

use image::GrayImage;

use super::error::PresetError;
use super::spec::{
    DiffuseSpec, DotSpec, HairlineSpec, HairlineStyleSpec, HairlineZoneSpec, PresetSpec,
    RegionSpec, ScarSpec, ZoneSpec,
};
use super::validate::Checker;
use super::zone_spec::CrownSpec;
use crate::dots::{DotStyle, ZoneKind};
use crate::field::{
    CrownZone, CrownZoneParams, DensityField, DensityMask, DiffuseArea, DiffuseZone, DiscScar,
    Ellipse, HairlineCurve, HairlineFront, HairlineGeometry, HairlineStyle, HairlineZone,
    HairlineZoneParams, NativeHair, Polygon, Polyline, Region, ScarZone, StripScar, TotalZone,
    ZoneField, ZoneSet,
};
use crate::geom::{MAP_HALF_WIDTH_MM, MapPoint, MapRect, SCALP_MAP_MM};
use crate::seed::{derive_seed, stream};

/// Decoded mask images by the path written in the preset; the caller reads and decodes them.
pub type MaskImages = HashMap<String, Arc<GrayImage>>;

/// A zone's name, kind and dot look.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutZone {
    /// Name from the preset.
    pub name: String,
    /// Kind of zone.
    pub kind: ZoneKind,
    /// How its dots look.
    pub style: DotStyle,
}

/// One session of the layout.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutSession {
    /// Share of the target reached after this session, 0–1.
    pub cumulative_fraction: f32,
    /// Dilution `N` of `N:1`.
    pub dilution: f32,
}

/// Zones as density fields, sessions, the designed hairline and the client's native hair.
#[derive(Clone, Debug)]
pub struct Layout {
    name: String,
    description: String,
    zones: ZoneSet,
    zone_info: Vec<LayoutZone>,
    sessions: Vec<LayoutSession>,
    hairline: Arc<HairlineCurve>,
    hairline_half_width_mm: Option<f32>,
    native: Arc<NativeHair>,
}

fn style(d: &DotSpec) -> DotStyle {
    DotStyle {
        healed_diameter_mm: d.healed_diameter_mm as f32,
        diameter_jitter_fraction: d.diameter_jitter_fraction as f32,
        fresh_diameter_scale: d.fresh_diameter_scale as f32,
        dilution_scale: d.dilution_scale as f32,
        ..DotStyle::default()
    }
}

fn point(p: [f64; 2]) -> MapPoint {
    MapPoint::new(p[0] as f32, p[1] as f32)
}

fn region(r: &RegionSpec) -> Option<Region> {
    match r {
        RegionSpec::Ellipse(e) => Some(Region::Ellipse(Ellipse::new(
            point(e.center_mm),
            e.semi_axes_mm[0] as f32,
            e.semi_axes_mm[1] as f32,
            e.rotation_deg as f32,
        ))),
        RegionSpec::Polygon(p) => {
            Some(Region::Polygon(Polygon::new(p.points_mm.iter().map(|&q| point(q)).collect())))
        }
        RegionSpec::Mask(_) => None,
    }
}

/// The area of diffuse zone `s` (zone `index` of the preset): its shape, or its mask image
/// from `masks`.
fn diffuse_area(
    s: &DiffuseSpec,
    index: usize,
    checker: &Checker<'_>,
    masks: &MaskImages,
) -> Result<DiffuseArea, PresetError> {
    Ok(match &s.region {
        RegionSpec::Mask(m) => {
            let path = format!("zones[{index}].diffuse.region.mask.path");
            let Some(image) = masks.get(&m.path) else {
                return Err(PresetError::MissingMask {
                    location: checker.location(&path),
                    mask_path: m.path.clone(),
                });
            };
            if image.width() == 0 || image.height() == 0 {
                return Err(PresetError::Inconsistent {
                    location: checker.location(&path),
                    message: format!("mask image `{}` has no pixels", m.path),
                });
            }
            DiffuseArea::Mask(DensityMask {
                image: image.clone(),
                origin_mm: point(m.origin_mm),
                mm_per_px: m.mm_per_px as f32,
            })
        }
        other => DiffuseArea::Shape {
            region: region(other).expect("shapes are not masks"),
            feather_mm: s.feather_mm as f32,
        },
    })
}

/// The field of scar zone `s`: its strip, FUE discs and margin.
fn scar_zone(s: &ScarSpec) -> ScarZone {
    let strip = s.strip.as_ref().map(|st| StripScar {
        line: Polyline::new(st.points_mm.iter().map(|&q| point(q)).collect()),
        width_mm: st.width_mm as f32,
    });
    let discs = s
        .fue_discs
        .iter()
        .map(|d| DiscScar { center: point(d.center_mm), diameter_mm: d.diameter_mm as f32 })
        .collect();
    ScarZone::new(strip, discs, s.density_per_cm2 as f32, s.margin_mm as f32)
}

/// The sessions of `spec` as fractions of the final density, with their dilutions.
fn layout_sessions(spec: &PresetSpec) -> Vec<LayoutSession> {
    spec.sessions
        .iter()
        .map(|s| LayoutSession {
            cumulative_fraction: (s.cumulative_percent / 100.0) as f32,
            dilution: s.dilution as f32,
        })
        .collect()
}

impl Layout {
    /// Builds the fields of a validated `spec`; `checker` locates errors, `masks` supplies images.
    pub(crate) fn build(
        spec: &PresetSpec,
        checker: &Checker<'_>,
        masks: &MaskImages,
    ) -> Result<Self, PresetError> {
        let h = &spec.hairline;
        let seed = spec.pattern_seed;
        let geometry = h.geometry(derive_seed(seed, stream::HAIRLINE_CURVE));
        let curve = Arc::new(match h.design_points() {
            Some(points) => HairlineCurve::through_points(geometry, &points, h.symmetric)
                .map_err(|e| checker.design_error(h, e))?,
            None => HairlineCurve::new(geometry),
        });
        let mut fields = Vec::new();
        let mut info = Vec::new();
        let mut losses = Vec::new();
        let mut hairline_half_width_mm = None;
        for (i, z) in spec.zones.iter().enumerate() {
            let zone_seed = derive_seed(seed, i as u64);
            let (field, name, dot, remaining) = match z {
                ZoneSpec::Hairline(s) => {
                    let params = s.params(zone_seed);
                    hairline_half_width_mm = Some(curve.temple_peak_x_mm() + params.temple_fade_mm);
                    (
                        ZoneField::Hairline(HairlineZone::new(curve.clone(), params)),
                        &s.name,
                        &s.dot,
                        s.native_hair_fraction,
                    )
                }
                ZoneSpec::Crown(s) => {
                    let params = s.params(zone_seed);
                    (
                        ZoneField::Crown(CrownZone::new(params)),
                        &s.name,
                        &s.dot,
                        s.native_hair_fraction,
                    )
                }
                ZoneSpec::Diffuse(s) => {
                    let area = diffuse_area(s, i, checker, masks)?;
                    let field = DiffuseZone::new(
                        area,
                        s.density_per_cm2 as f32,
                        s.noise_fraction as f32,
                        s.noise_wavelength_mm as f32,
                        zone_seed,
                    );
                    (ZoneField::Diffuse(field), &s.name, &s.dot, s.native_hair_fraction)
                }
                ZoneSpec::Scar(s) => {
                    (ZoneField::Scar(scar_zone(s)), &s.name, &s.dot, s.native_hair_fraction)
                }
                ZoneSpec::Total(s) => {
                    let front = s.behind_hairline.then(|| HairlineFront {
                        curve: curve.clone(),
                        offset_mm: s.front_offset_mm as f32,
                        ramp_mm: s.front_ramp_mm as f32,
                    });
                    let r = region(&s.region).expect("validation refuses masks in total zones");
                    let field =
                        TotalZone::new(r, s.density_per_cm2 as f32, s.feather_mm as f32, front);
                    (ZoneField::Total(field), &s.name, &s.dot, s.native_hair_fraction)
                }
            };
            info.push(LayoutZone { name: name.clone(), kind: field.kind(), style: style(dot) });
            losses.push((field.clone(), remaining as f32));
            fields.push(field);
        }
        let sessions = layout_sessions(spec);
        let native =
            Arc::new(NativeHair::new(spec.native_hair_per_cm2 as f32, curve.clone(), losses));
        Ok(Self {
            name: spec.name.clone(),
            description: spec.description.clone(),
            zones: ZoneSet::new(fields),
            zone_info: info,
            sessions,
            hairline: curve,
            hairline_half_width_mm,
            native,
        })
    }

    /// The preset's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The preset's one-line description.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The zones' density fields, combined (densest wins).
    pub fn zones(&self) -> &ZoneSet {
        &self.zones
    }

    /// Name, kind and dot look of each zone, in zone-index order.
    pub fn zone_info(&self) -> &[LayoutZone] {
        &self.zone_info
    }

    /// Sessions in order.
    pub fn sessions(&self) -> &[LayoutSession] {
        &self.sessions
    }

    /// The designed hairline curve (also the forehead's edge when no hairline zone is treated).
    pub fn hairline(&self) -> &Arc<HairlineCurve> {
        &self.hairline
    }

    /// The treated hairline as a polyline (increasing x, 1 mm steps); empty without a hairline zone.
    pub fn hairline_polyline_mm(&self) -> Vec<MapPoint> {
        match self.hairline_half_width_mm {
            Some(w) => self.hairline.polyline_mm(w.min(MAP_HALF_WIDTH_MM as f32), 1.0),
            None => Vec::new(),
        }
    }

    /// The client's remaining native hair, hairs/cm².
    pub fn native_hair(&self) -> &Arc<NativeHair> {
        &self.native
    }

    /// The zone a dot at `p` belongs to (the one contributing most density), if any.
    pub fn zone_at(&self, p: MapPoint) -> Option<usize> {
        self.zones.winner(p).map(|w| w.0)
    }

    /// The part of the scalp map where any zone can be non-zero, mm; `None` if nothing is treated.
    pub fn treated_bounds_mm(&self) -> Option<MapRect> {
        let b = self.zones.bounds()?;
        let m = SCALP_MAP_MM;
        let r = MapRect {
            min: MapPoint::new(b.min.x_mm.max(m.min.x_mm), b.min.y_mm.max(m.min.y_mm)),
            max: MapPoint::new(b.max.x_mm.min(m.max.x_mm), b.max.y_mm.min(m.max.y_mm)),
        };
        (r.width_mm() > 0.0 && r.height_mm() > 0.0).then_some(r)
    }
}

impl DensityField for Layout {
    fn density_per_cm2(&self, p: MapPoint) -> f32 {
        self.zones.density_per_cm2(p)
    }

    fn max_density_per_cm2(&self) -> f32 {
        self.zones.max_density_per_cm2()
    }
}

impl HairlineSpec {
    /// The hairline's construction in the field's units, its irregularity drawn from `seed`.
    pub(crate) fn geometry(&self, seed: u64) -> HairlineGeometry {
        HairlineGeometry {
            height_mm: self.height_mm as f32,
            vertex_y_mm: self.vertex_y_mm as f32,
            corner_distance_mm: self.corner_distance_mm as f32,
            corner_rise_mm: self.corner_rise_mm as f32,
            temple_peak_distance_mm: self.temple_peak_distance_mm as f32,
            recession_radius_mm: self.recession_radius_mm as f32,
            macro_irregularity_mm: self.macro_irregularity_mm as f32,
            micro_irregularity_mm: self.micro_irregularity_mm as f32,
            asymmetry_mm: self.asymmetry_mm as f32,
            seed,
        }
    }
}

impl HairlineZoneSpec {
    /// The hairline zone's density parameters, its noise drawn from `seed`.
    pub(crate) fn params(&self, seed: u64) -> HairlineZoneParams {
        HairlineZoneParams {
            density_per_cm2: self.density_per_cm2 as f32,
            front_band_mm: self.front_band_mm as f32,
            front_fraction: self.front_fraction as f32,
            region_depth_mm: self.region_depth_mm as f32,
            back_feather_mm: self.back_feather_mm as f32,
            sentinel_per_cm2: self.sentinel_per_cm2 as f32,
            sentinel_depth_mm: self.sentinel_depth_mm as f32,
            temple_fraction: self.temple_fraction as f32,
            temple_fade_mm: self.temple_fade_mm as f32,
            style: match self.style {
                HairlineStyleSpec::Soft => HairlineStyle::Soft,
                HairlineStyleSpec::Broken => HairlineStyle::Broken,
                HairlineStyleSpec::Defined => HairlineStyle::Defined,
            },
            seed,
        }
    }
}

impl CrownSpec {
    /// The crown zone's density parameters, its noise drawn from `seed`.
    pub(crate) fn params(&self, seed: u64) -> CrownZoneParams {
        CrownZoneParams {
            density_per_cm2: self.density_per_cm2 as f32,
            whorl_mm: point(self.whorl_mm),
            across_mm: self.across_mm as f32,
            length_mm: self.length_mm as f32,
            rotation_deg: self.rotation_deg as f32,
            feather_mm: self.feather_mm as f32,
            whorl_dip_fraction: self.whorl_dip_fraction as f32,
            whorl_radius_mm: self.whorl_radius_mm as f32,
            second_whorl_mm: self.second_whorl_mm.map(point),
            seed,
        }
    }
}
