//! Named points a practitioner can click on a photo, and where they lie on the head model.
//!
//! The cranial landmarks come from the ellipsoid model itself; the face's (nose tip, chin,
//! tragi) are offsets from the glabella measured on the Infinite head scan by Lee
//! Perry-Smith (CC BY 3.0), stored as shares of the head's length, breadth and vault height so
//! they follow the [`HeadSize`]; the hairline's frontotemporal corners sit where Garg's hairline
//! construction puts them on the scalp map. Head frame: mm, origin at the ellipsoid's centre
//! at glabella level, +x the client's left, +y back, +z up.

use std::fmt;
use std::str::FromStr;

#[cfg(test)]
use super::HeadSize;
use super::align_error::AlignError;
use super::pose::Pose;
use super::vec3::Vec3;
use super::{HeadModel, HeadPoint};
use crate::geom::MapPoint;

/// A named point on the head that can be found on a photo.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Landmark {
    /// Between the eyebrows, the most forward point of the forehead (the scalp map's origin).
    Glabella,
    /// The top of the head.
    Vertex,
    /// The tip of the nose.
    NoseTip,
    /// The lowest point of the chin (menton).
    Chin,
    /// The client's left tragus (the flap in front of the ear canal).
    LeftTragus,
    /// The client's right tragus.
    RightTragus,
    /// The bump at the back of the skull (external occipital protuberance).
    Inion,
    /// The frontotemporal corner of the client's own hairline on their left.
    LeftTempleCorner,
    /// The frontotemporal corner of the client's own hairline on their right.
    RightTempleCorner,
}

// The ellipsoid model's own landmarks are exact; these shares place the face's on it.
//
// Measured on the Infinite head scan by Lee Perry-Smith (CC BY 3.0), calibrated to a 210 mm
// glabella–opisthocranion length, as offsets from the glabella over the scan's fitted head size
// (length 209.6 mm at glabella level, breadth 157.2 mm); the unit test
// `the_face_shares_match_the_scan` re-measures them. Heights go by the head's length, not its
// vault height: the scan's vault is low (88.8 mm against the default head's 125 mm), and by
// vault height the default head's nose tip would sit 78 mm below its glabella instead of 51 mm.
// The tragi are the mean of the two sides (the scan is 4 mm wider on its right at the ears).
/// Nose tip ahead of the glabella, per head length (19.5 mm on the scan).
const NOSE_AHEAD_PER_LENGTH: f64 = 0.0931;
/// Nose tip below the glabella, per head length (55.3 mm on the scan).
const NOSE_BELOW_PER_LENGTH: f64 = 0.2637;
/// Tragus out from the midline, per head breadth (79.3 mm on the scan).
const TRAGUS_OUT_PER_BREADTH: f64 = 0.5043;
/// Tragus behind the glabella, per head length (102.3 mm on the scan).
const TRAGUS_BEHIND_PER_LENGTH: f64 = 0.4880;
/// Tragus below the glabella, per head length (36.6 mm on the scan).
const TRAGUS_BELOW_PER_LENGTH: f64 = 0.1745;
/// The inion below glabella level, per head length (36.7 mm on the scan, where it is found at
/// the tragi's height, near the Frankfurt plane, where adults carry it); on the model it sits
/// on the ellipsoid's back midline at that height.
const INION_BELOW_PER_LENGTH: f64 = 0.1750;

/// The chin (menton) below glabella level, per vault height: one vault height, ≈ 125 mm for the
/// default head, as the head box assumes. Anthropometric surveys give an adult male
/// nasion–menton height of about 120–125 mm (Farkas, Anthropometry of the Head and Face), and
/// the glabella sits about 10 mm above the nasion (11 mm on the scan). Not measured on the
/// scan, whose chin the landmark finder does not locate.
const CHIN_BELOW_PER_HEIGHT: f64 = 1.0;
/// The chin behind the glabella, per head length: ≈ 20 mm for the default head, an estimate
/// for a straight adult profile (the soft-tissue chin a little behind the brow's vertical, the
/// menton under and behind it).
const CHIN_BEHIND_PER_LENGTH: f64 = 0.1;

/// Garg's hairline construction (431 cases): the mid-frontal point 80 mm above the glabella
/// along the midline, the frontotemporal corners 80 mm from it around the head and never
/// lower, the centre lower than the corners. The corners are placed that far round the head at
/// the mid-frontal point's distance from the top of the head, less this rise (the default
/// designed hairline's), mm.
const HAIRLINE_FRONT_MM: f64 = 80.0;
const CORNER_AROUND_MM: f64 = 80.0;
const CORNER_RISE_MM: f64 = 14.0;

impl Landmark {
    /// Every landmark, in the order `--help` lists them.
    pub const ALL: [Landmark; 9] = [
        Landmark::Glabella,
        Landmark::Vertex,
        Landmark::NoseTip,
        Landmark::Chin,
        Landmark::LeftTragus,
        Landmark::RightTragus,
        Landmark::Inion,
        Landmark::LeftTempleCorner,
        Landmark::RightTempleCorner,
    ];

    /// The landmark's name as the command line and scene files spell it.
    pub fn name(self) -> &'static str {
        match self {
            Landmark::Glabella => "glabella",
            Landmark::Vertex => "vertex",
            Landmark::NoseTip => "nose-tip",
            Landmark::Chin => "chin",
            Landmark::LeftTragus => "left-tragus",
            Landmark::RightTragus => "right-tragus",
            Landmark::Inion => "inion",
            Landmark::LeftTempleCorner => "left-temple-corner",
            Landmark::RightTempleCorner => "right-temple-corner",
        }
    }

    /// Every landmark's name, comma-separated.
    pub fn names() -> String {
        Self::ALL.map(Landmark::name).join(", ")
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|&l| l == self).expect("ALL lists every landmark")
    }

    /// Where the landmark lies on `model`, head frame, mm.
    pub fn head_point(self, model: &HeadModel) -> HeadPoint {
        self.point(model).into()
    }

    /// Where the landmark shows in a photo of the head in `pose`, head frame, mm: its point on
    /// `model`, except the vertex. A practitioner clicks the vertex at the top of the head's
    /// outline, which is the vault's highest point only for an upright head: bowed or tipped
    /// back, the outline's top is the rim of the model ellipsoid farthest along the head's up
    /// as the photo shows it. From above the up points at the camera and the vertex is the
    /// middle of the dome; in between, the two are blended by how much of the up shows (the
    /// cosine of the head's tip toward the camera: a 25° bow puts the vertex 0.7 mm inside the
    /// outline; on the landmark sets of 31 real photos this blend solved better than one that
    /// keeps to the rim up to a 45° tip).
    pub(crate) fn seen_point(self, model: &HeadModel, pose: &Pose) -> Vec3 {
        let top = self.point(model);
        if self != Landmark::Vertex {
            return top;
        }
        let (_, _, toward) = pose.axes();
        let up = Vec3::new(0.0, 0.0, 1.0);
        // The head's up in the image plane (head frame); its length is the share that shows.
        let shown = up - toward * up.dot(toward);
        let s = model.semi_axes_mm();
        let stretched = Vec3::new(shown.x * s.x * s.x, shown.y * s.y * s.y, shown.z * s.z * s.z);
        let reach = shown.dot(stretched).sqrt();
        if reach <= 0.0 {
            return top;
        }
        // The ellipsoid's support point along `shown`: its outline's farthest point that way.
        let rim = stretched * (1.0 / reach);
        top + (rim - top) * shown.length()
    }

    /// Where the landmark shows in a photo of the head in `pose`, head frame, mm: where a
    /// practitioner clicks it, and where `--guides` draws it. That is
    /// [`Landmark::head_point`], except the vertex, which is clicked at the top of the head's
    /// outline: the vault's highest point for an upright head, the rim of the model ellipsoid
    /// along the head's up for a bowed one, the middle of the dome from above.
    pub fn seen_head_point(self, model: &HeadModel, pose: &Pose) -> HeadPoint {
        self.seen_point(model, pose).into()
    }

    /// [`Landmark::head_point`] at full precision.
    pub(crate) fn point(self, model: &HeadModel) -> Vec3 {
        let size = model.size();
        let (l, b, h) =
            (f64::from(size.length_mm), f64::from(size.breadth_mm), f64::from(size.height_mm));
        let front = -l / 2.0;
        match self {
            Landmark::Glabella => Vec3::new(0.0, front, 0.0),
            Landmark::Vertex => Vec3::new(0.0, 0.0, h),
            Landmark::NoseTip => {
                Vec3::new(0.0, front - NOSE_AHEAD_PER_LENGTH * l, -NOSE_BELOW_PER_LENGTH * l)
            }
            Landmark::Chin => {
                Vec3::new(0.0, front + CHIN_BEHIND_PER_LENGTH * l, -CHIN_BELOW_PER_HEIGHT * h)
            }
            Landmark::LeftTragus | Landmark::RightTragus => {
                let side = if self == Landmark::LeftTragus { 1.0 } else { -1.0 };
                Vec3::new(
                    side * TRAGUS_OUT_PER_BREADTH * b,
                    front + TRAGUS_BEHIND_PER_LENGTH * l,
                    -TRAGUS_BELOW_PER_LENGTH * l,
                )
            }
            Landmark::Inion => {
                let z = -INION_BELOW_PER_LENGTH * l;
                Vec3::new(0.0, l / 2.0 * (1.0 - (z / h).powi(2)).sqrt(), z)
            }
            Landmark::LeftTempleCorner | Landmark::RightTempleCorner => {
                let (point, _) = model.point_normal_f64(self.map_point(model));
                point
            }
        }
    }

    /// The temple corners' place on the scalp map (see [`CORNER_AROUND_MM`]).
    fn map_point(self, model: &HeadModel) -> MapPoint {
        let top_y = f64::from(model.top_map_y_mm());
        let r_front = top_y - HAIRLINE_FRONT_MM;
        let bearing = CORNER_AROUND_MM / r_front;
        let r = r_front - CORNER_RISE_MM;
        let side = if self == Landmark::LeftTempleCorner { 1.0 } else { -1.0 };
        MapPoint::new((side * r * bearing.sin()) as f32, (top_y - r * bearing.cos()) as f32)
    }

    /// The direction the skin faces there (outward, unit), for deciding what a view can show.
    pub(crate) fn facing(self, model: &HeadModel) -> Vec3 {
        let s = std::f64::consts::FRAC_1_SQRT_2;
        match self {
            Landmark::Glabella | Landmark::NoseTip => Vec3::new(0.0, -1.0, 0.0),
            Landmark::Vertex => Vec3::new(0.0, 0.0, 1.0),
            Landmark::Chin => Vec3::new(0.0, -s, -s),
            Landmark::LeftTragus => Vec3::new(1.0, 0.0, 0.0),
            Landmark::RightTragus => Vec3::new(-1.0, 0.0, 0.0),
            Landmark::Inion => model.wrap.ellipsoid().normal(self.point(model)),
            Landmark::LeftTempleCorner | Landmark::RightTempleCorner => {
                model.point_normal_f64(self.map_point(model)).1
            }
        }
    }
}

impl fmt::Display for Landmark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Landmark {
    type Err = AlignError;

    /// Parses a landmark's name (see [`Landmark::name`]).
    fn from_str(text: &str) -> Result<Self, AlignError> {
        Self::ALL.into_iter().find(|l| l.name() == text.trim()).ok_or_else(|| {
            AlignError::UnknownLandmark { name: text.trim().to_owned(), known: Self::names() }
        })
    }
}

/// Landmarks found on an image: at most one image position per landmark, px.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LandmarkPoints([Option<[f64; 2]>; 9]);

impl LandmarkPoints {
    /// Adds `landmark` at `px`; a landmark given twice is refused.
    pub fn insert(&mut self, landmark: Landmark, px: [f64; 2]) -> Result<(), AlignError> {
        let slot = &mut self.0[landmark.index()];
        if slot.is_some() {
            return Err(AlignError::DuplicateLandmark { landmark });
        }
        *slot = Some(px);
        Ok(())
    }

    /// The image position given for `landmark`, px.
    pub fn get(&self, landmark: Landmark) -> Option<[f64; 2]> {
        self.0[landmark.index()]
    }

    /// The landmarks given, in [`Landmark::ALL`]'s order, with their positions, px.
    pub fn iter(&self) -> impl Iterator<Item = (Landmark, [f64; 2])> + '_ {
        Landmark::ALL.into_iter().zip(self.0).filter_map(|(l, p)| p.map(|p| (l, p)))
    }

    /// How many landmarks are given.
    pub fn len(&self) -> usize {
        self.0.iter().flatten().count()
    }

    /// True when no landmark is given.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each position carried by `f` (e.g. into a close-up).
    pub(crate) fn map(&self, f: impl Fn([f64; 2]) -> [f64; 2]) -> Self {
        Self(self.0.map(|p| p.map(&f)))
    }
}

/// Parses `NAME=X,Y` (a landmark and its image position in px).
pub fn parse_landmark_point(text: &str) -> Result<(Landmark, [f64; 2]), AlignError> {
    let syntax =
        || AlignError::Syntax { what: "landmark point", form: "NAME=X,Y", text: text.to_owned() };
    let (name, xy) = text.split_once('=').ok_or_else(syntax)?;
    let landmark: Landmark = name.parse()?;
    let numbers: Vec<Option<f64>> =
        xy.split(',').map(|v| v.trim().parse::<f64>().ok().filter(|v| v.is_finite())).collect();
    match numbers[..] {
        [Some(x), Some(y)] => Ok((landmark, [x, y])),
        _ => Err(syntax()),
    }
}

/// The face shares' measured values, from the scan's landmarks and fitted size.
#[cfg(test)]
fn measured_shares(size: HeadSize, l: &crate::default_head::ScanLandmarks) -> [f64; 6] {
    let (len, b) = (f64::from(size.length_mm), f64::from(size.breadth_mm));
    let g = l.glabella;
    let mean = |a: f32, b: f32| f64::from(a + b) / 2.0;
    [
        f64::from(g.y_mm - l.nose_tip.y_mm) / len,
        f64::from(g.z_mm - l.nose_tip.z_mm) / len,
        mean(l.tragus_left.x_mm, -l.tragus_right.x_mm) / b,
        (mean(l.tragus_left.y_mm, l.tragus_right.y_mm) - f64::from(g.y_mm)) / len,
        (f64::from(g.z_mm) - mean(l.tragus_left.z_mm, l.tragus_right.z_mm)) / len,
        f64::from(g.z_mm - l.inion.z_mm) / len,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_face_shares_match_the_scan() {
        let scan = crate::default_head::ScanScene::load();
        let measured = measured_shares(scan.head_size(), &scan.landmarks());
        let stored = [
            NOSE_AHEAD_PER_LENGTH,
            NOSE_BELOW_PER_LENGTH,
            TRAGUS_OUT_PER_BREADTH,
            TRAGUS_BEHIND_PER_LENGTH,
            TRAGUS_BELOW_PER_LENGTH,
            INION_BELOW_PER_LENGTH,
        ];
        for (i, (m, s)) in measured.iter().zip(stored).enumerate() {
            assert!((m - s).abs() < 0.0005, "share {i}: measured {m:.4}, stored {s:.4}");
        }
    }

    #[test]
    fn names_round_trip_and_points_refuse_repeats() {
        for l in Landmark::ALL {
            assert_eq!(l.name().parse::<Landmark>(), Ok(l));
        }
        let err = "ear".parse::<Landmark>().unwrap_err().to_string();
        assert!(err.contains("ear") && err.contains("left-temple-corner"), "{err}");
        let (l, p) = parse_landmark_point("nose-tip=12,34.5").unwrap();
        assert_eq!((l, p), (Landmark::NoseTip, [12.0, 34.5]));
        assert!(parse_landmark_point("nose-tip=12").is_err());
        let mut points = LandmarkPoints::default();
        points.insert(Landmark::Chin, [1.0, 2.0]).unwrap();
        assert!(points.insert(Landmark::Chin, [3.0, 2.0]).is_err());
        assert_eq!(points.len(), 1);
    }

    #[test]
    fn landmarks_sit_where_anatomy_puts_them() {
        let model = HeadModel::new(HeadSize::default()).unwrap();
        let at = |l: Landmark| l.point(&model);
        let (g, nose, chin) = (at(Landmark::Glabella), at(Landmark::NoseTip), at(Landmark::Chin));
        assert!(nose.y < g.y - 10.0 && nose.z < -30.0, "{nose:?}");
        assert!((110.0..140.0).contains(&-chin.z), "{chin:?}");
        let corner = at(Landmark::LeftTempleCorner);
        // Above the brow, forward of the ears, out toward the side.
        assert!(corner.z > 40.0 && corner.y < 0.0 && corner.x > 30.0, "{corner:?}");
        let right = at(Landmark::RightTempleCorner);
        assert!((right.x + corner.x).abs() < 1e-9 && (right.y - corner.y).abs() < 1e-9);
    }

    #[test]
    fn the_vertex_shows_at_the_top_of_the_outline_of_a_bowed_head_and_mid_dome_from_above() {
        let model = HeadModel::new(HeadSize::default()).unwrap();
        let top = Landmark::Vertex.point(&model);
        for pitch_deg in [0.0, 25.0, -25.0] {
            let pose = Pose {
                pitch_deg,
                ..Pose::rolled(crate::head::View::Front, 0.0, [500.0, 500.0], [2.0, 2.0])
            };
            let [x, y] = pose.project(Landmark::Vertex.seen_point(&model, &pose));
            let [x0, y0, x1, _] = pose.outline(&model).bounds_px();
            assert!((x - (x0 + x1) / 2.0).abs() < 1e-6, "{pitch_deg}°: x {x}");
            // Within 1 mm (2 px) of the outline's top; the upright head's vertex is its top.
            let within_px = if pitch_deg == 0.0 { 1e-6 } else { 2.0 };
            assert!((y - y0).abs() < within_px, "{pitch_deg}°: {y} px, the outline's top {y0} px");
        }
        let above = Pose::rolled(crate::head::View::Top, 0.0, [500.0, 500.0], [2.0, 2.0]);
        let seen = Landmark::Vertex.seen_point(&model, &above);
        assert!((seen - top).length() < 1e-9, "{seen:?}");
        // Other landmarks show where they lie.
        let g = Landmark::Glabella;
        assert!((g.seen_point(&model, &above) - g.point(&model)).length() == 0.0);
    }
}
