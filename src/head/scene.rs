//! The small JSON scene file: what the user measured on a photo, reusable run after run.

use std::collections::BTreeMap;

use super::HeadSize;
use super::align::{AlignInput, Alignment, AlignmentSource};
use super::align_error::{AlignError, HeadBox, check_rotation};
use super::landmark::{Landmark, LandmarkPoints};
use super::pose::Pose;
use super::trace::check_traced_count;
use super::view::View;

/// The small JSON scene file: what the user measured on the photo, reusable run after run.
///
/// ```json
/// { "view": "front", "head_px": [412, 180, 1210, 1690], "glabella_px": [1017, 930],
///   "points_px": { "nose-tip": [1020, 1180], "chin": [1015, 1540] },
///   "pose": { "yaw_deg": 0, "pitch_deg": 20, "roll_deg": 180 },
///   "hairline_px": [[700, 900], [1017, 640], [1330, 900]] }
/// ```
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// The view the photo shows; default: the preset's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<View>,
    /// Head box `[X, Y, W, H]`, px; default: the default fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_px: Option<[f64; 4]>,
    /// Glabella `[X, Y]`, px (front and profile views); default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glabella_px: Option<[f64; 2]>,
    /// Landmarks by name (see [`Landmark::name`]), `[X, Y]` px each; default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub points_px: BTreeMap<String, [f64; 2]>,
    /// The rotation from the view, and with scale and origin the whole pose; default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pose: Option<ScenePose>,
    /// Head measurements; default: [`HeadSize::default`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_mm: Option<HeadSize>,
    /// The scalp mask the preview used (fitted or painted); default: none (the automatic
    /// fit's, when it runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mask: Option<SceneMask>,
    /// The hairline traced on the photo, `[X, Y]` px each, temple to temple, 3–200 points (see
    /// [`TracedHairline`](super::TracedHairline)); it replaces the preset's hairline. Default: none (the preset's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hairline_px: Option<Vec<[f64; 2]>>,
}

/// A scalp mask in a scene file: the photo's size and the runs of scalp pixels, row by row.
///
/// ```json
/// { "size_px": [640, 480], "runs": "120 200 410, 121 196 415" }
/// ```
///
/// The runs are one string (row, first column and end column of each run, runs separated by
/// commas): a 12-MP photo's mask has thousands of runs, which as JSON arrays would fill a
/// pretty-printed file with five lines each.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SceneMask {
    /// The photo's `[width, height]`, px: a mask only fits the photo it was made on.
    pub size_px: [u32; 2],
    /// `[row, first column, end column]`: columns `first..end` (end excluded) of that row are
    /// scalp; rows in order, runs within a row left to right, never touching.
    #[serde(with = "runs_text")]
    pub runs: Vec<[u32; 3]>,
}

/// [`SceneMask::runs`] as the text `"ROW FIRST END, ROW FIRST END, …"`.
mod runs_text {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(runs: &[[u32; 3]], s: S) -> Result<S::Ok, S::Error> {
        let text: Vec<String> = runs.iter().map(|[y, a, b]| format!("{y} {a} {b}")).collect();
        s.serialize_str(&text.join(", "))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<[u32; 3]>, D::Error> {
        let text = String::deserialize(d)?;
        if text.trim().is_empty() {
            return Ok(Vec::new());
        }
        text.split(',')
            .enumerate()
            .map(|(i, run)| {
                let numbers: Vec<u32> =
                    run.split_whitespace().map(str::parse).collect::<Result<_, _>>().map_err(
                        |_| D::Error::custom(format!("run {i} is `{}`", run.trim())),
                    )?;
                <[u32; 3]>::try_from(numbers).map_err(|_| {
                    D::Error::custom(format!(
                        "run {i} is `{}`; a run is three whole numbers: row, first column, end column",
                        run.trim()
                    ))
                })
            })
            .collect()
    }
}

/// A pose in a scene file: the rotation alone (kept while the box or points place the head),
/// or, with scale and origin, the whole pose.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenePose {
    /// Yaw, degrees (see [`Pose`]).
    pub yaw_deg: f64,
    /// Pitch, degrees.
    pub pitch_deg: f64,
    /// Roll, degrees.
    pub roll_deg: f64,
    /// `[horizontal, vertical]` px per mm; with `origin_px`, the pose is whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_px_per_mm: Option<[f64; 2]>,
    /// Image position of the head frame's origin, px.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_px: Option<[f64; 2]>,
}

impl Scene {
    /// Parses a scene file's text; errors name the JSON path, line and column.
    pub fn from_json(text: &str) -> Result<Self, AlignError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let scene: Scene = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
            AlignError::Scene { path: e.path().to_string(), message: e.inner().to_string() }
        })?;
        // Without this, anything after the closing brace would be silently ignored.
        de.end()
            .map_err(|e| AlignError::Scene { path: ".".to_string(), message: e.to_string() })?;
        scene.points()?;
        if let Some(angles) = scene.rotation_deg() {
            check_rotation(angles).map_err(|e| AlignError::Scene {
                path: "pose".to_string(),
                message: e.to_string(),
            })?;
        }
        if let Some(points) = &scene.hairline_px {
            check_traced_count(points.len()).map_err(|e| AlignError::Scene {
                path: "hairline_px".to_string(),
                message: e.to_string(),
            })?;
        }
        Ok(scene)
    }

    /// The scene file's text: pretty-printed JSON with each list of numbers (a box, a point, a
    /// scale) on one line, so a traced hairline reads as one point per line.
    ///
    /// # Errors
    /// None in practice: a scene is plain data (serde_json's error is passed on).
    pub fn to_json_pretty(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self).map(|text| numbers_inline(&text))
    }

    /// The head box, if the scene has one.
    pub fn head_box(&self) -> Option<HeadBox> {
        self.head_px.map(|[x_px, y_px, width_px, height_px]| HeadBox {
            x_px,
            y_px,
            width_px,
            height_px,
        })
    }

    /// The landmarks, by their names; an unknown name is refused with its JSON path.
    pub fn points(&self) -> Result<LandmarkPoints, AlignError> {
        let mut points = LandmarkPoints::default();
        for (name, &px) in &self.points_px {
            let landmark: Landmark = name.parse().map_err(|e: AlignError| AlignError::Scene {
                path: format!("points_px.{name}"),
                message: e.to_string(),
            })?;
            points.insert(landmark, px)?;
        }
        Ok(points)
    }

    /// The rotation `[yaw, pitch, roll]`, degrees, if the scene has one.
    pub fn rotation_deg(&self) -> Option<[f64; 3]> {
        self.pose.map(|p| [p.yaw_deg, p.pitch_deg, p.roll_deg])
    }

    /// The whole pose in `view`, if the scene has scale and origin too.
    pub fn whole_pose(&self, view: View) -> Option<Pose> {
        self.pose?.whole(view)
    }
}

/// `text` (pretty JSON) with every array that holds only numbers written on one line.
fn numbers_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let Some(close) = rest.find(']') else { break };
        let inner = &rest[..close];
        let numeric = inner.chars().all(|c| c.is_ascii_digit() || "+-.eE, \n".contains(c));
        if numeric && !inner.trim().is_empty() {
            let items: Vec<&str> = inner.split(',').map(str::trim).collect();
            out.push_str(&items.join(", "));
            out.push(']');
            rest = &rest[close + 1..];
        }
    }
    out.push_str(rest);
    out
}

impl ScenePose {
    /// The whole pose in `view`, if scale and origin are given.
    pub fn whole(&self, view: View) -> Option<Pose> {
        Some(Pose {
            view,
            yaw_deg: self.yaw_deg,
            pitch_deg: self.pitch_deg,
            roll_deg: self.roll_deg,
            scale_px_per_mm: self.scale_px_per_mm?,
            origin_px: self.origin_px?,
        })
    }
}

impl Alignment {
    /// The scene file that reproduces this alignment (with the head size used); pixel values
    /// are rounded to 0.1 px, angles to 0.01°.
    pub fn to_scene(&self, head: HeadSize) -> Scene {
        let px = |v: f64| (v * 10.0).round() / 10.0;
        let p = self.pose;
        let deg = |v: f64| (v * 100.0).round() / 100.0;
        let rotation = ScenePose {
            yaw_deg: deg(p.yaw_deg),
            pitch_deg: deg(p.pitch_deg),
            roll_deg: deg(p.roll_deg),
            scale_px_per_mm: None,
            origin_px: None,
        };
        let box_px = |b: HeadBox| [b.x_px, b.y_px, b.width_px, b.height_px].map(px);
        let mut scene = Scene { view: Some(p.view), head_mm: Some(head), ..Scene::default() };
        match self.source {
            AlignmentSource::Default { head_box } | AlignmentSource::HeadBox { head_box, .. } => {
                scene.head_px = Some(box_px(head_box));
                scene.glabella_px = self.glabella_px().map(|g| g.map(px));
                scene.pose = (!p.is_upright_view()).then_some(rotation);
            }
            AlignmentSource::Landmarks { points, head_box, rotation_given, .. } => {
                scene.head_px = head_box.map(box_px);
                scene.points_px =
                    points.iter().map(|(l, xy)| (l.name().to_owned(), xy.map(px))).collect();
                scene.pose = rotation_given.then_some(rotation);
            }
            AlignmentSource::Pose => {
                // Whole, unrounded: a pose is not something the user typed.
                scene.pose = Some(ScenePose {
                    yaw_deg: p.yaw_deg,
                    pitch_deg: p.pitch_deg,
                    roll_deg: p.roll_deg,
                    scale_px_per_mm: Some(p.scale_px_per_mm),
                    origin_px: Some(p.origin_px),
                });
            }
        }
        scene
    }
}

impl AlignInput {
    /// What `scene` measured, in `view`.
    pub fn from_scene(scene: &Scene, view: View) -> Result<Self, AlignError> {
        Ok(Self {
            view,
            head_box: scene.head_box(),
            glabella_px: scene.glabella_px,
            points: scene.points()?,
            rotation_deg: scene.rotation_deg(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_traced_hairline_round_trips_and_a_short_one_is_refused_naming_the_field() {
        let scene = Scene {
            view: Some(View::Front),
            hairline_px: Some(vec![[300.5, 250.0], [400.0, 199.9], [500.0, 250.0]]),
            ..Scene::default()
        };
        let text = scene.to_json_pretty().unwrap();
        assert_eq!(Scene::from_json(&text).unwrap(), scene);
        assert!(text.contains("\n    [300.5, 250.0],\n    [400.0, 199.9],\n"), "{text}");
        // Absent: not written, and read back as none.
        let plain = serde_json::to_string(&Scene::default()).unwrap();
        assert!(!plain.contains("hairline_px"), "{plain}");
        let short = r#"{ "hairline_px": [[300, 250], [500, 250]] }"#;
        let error = Scene::from_json(short).unwrap_err().to_string();
        assert_eq!(
            error,
            "scene file at hairline_px: 2 points; a traced hairline has 3–200 points, from one \
             temple to the other"
        );
        let long = format!(r#"{{ "hairline_px": [{}] }}"#, vec!["[1, 2]"; 201].join(", "));
        let error = Scene::from_json(&long).unwrap_err().to_string();
        assert!(error.contains("hairline_px: 201 points"), "{error}");
    }
}
