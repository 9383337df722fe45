//! `smpsim preview`: the plan over a photo or the default head, and its variants (strip,
//! close-up, heat map, before/after).

use std::path::PathBuf;

use clap::Args;
use smpsim::head::Landmark;
use smpsim::{HeadBox, HeadSize};

use super::PresetArgs;
use super::values::{
    FitArg, LookArg, SkinArg, ViewArg, parse_in_range, parse_years, session_range,
};

/// Arguments of `smpsim preview`.
#[derive(Debug, Args)]
pub struct PreviewArgs {
    #[command(flatten)]
    pub preset: PresetArgs,

    /// Photo of the client's head (JPEG, PNG or WebP); without it, the built-in default head.
    #[arg(long, value_name = "FILE")]
    pub photo: Option<PathBuf>,

    /// Which side of the head the image shows (default: the preset's: front for a hairline,
    /// else top).
    #[arg(long, value_enum)]
    pub view: Option<ViewArg>,

    /// The head's outline box in the photo, pixels: X,Y,WIDTH,HEIGHT (default: a centred fit).
    #[arg(long = "head", value_name = "X,Y,W,H", value_parser = parse_head_box, allow_hyphen_values = true)]
    pub head_box: Option<HeadBox>,

    /// The glabella (between the eyebrows) in the photo, pixels: X,Y (front and side views).
    #[arg(long, value_name = "X,Y", value_parser = parse_glabella, allow_hyphen_values = true)]
    pub glabella: Option<[f64; 2]>,

    /// A landmark in the photo, pixels: NAME=X,Y (repeat for more). Names: glabella, vertex (top
    /// of the head), nose-tip, chin, left-tragus, right-tragus (the client's left and right
    /// ear), inion (the bump at the back of the skull), left-temple-corner,
    /// right-temple-corner (the corners of the client's own hairline above the temples).
    ///
    /// The head's pose is solved from them by least squares (with --head's edges if given):
    /// 2 points give position, scale and roll (tilt in the image); 3 or more, not in a line,
    /// also yaw and pitch (a turned or bowed head); 4 or more also a stretched photo's aspect.
    /// 1 point needs --head. Points the best pose misses by more than 8 % of the head's length
    /// (RMS) are refused as contradictory.
    #[arg(long = "point", value_name = "NAME=X,Y", value_parser = parse_point, allow_hyphen_values = true)]
    pub points: Vec<(Landmark, [f64; 2])>,

    /// The head's rotation from --view, degrees: YAW,PITCH,ROLL (yaw and pitch within ±90, roll
    /// within ±360).
    ///
    /// Yaw turns the face toward the image's right, pitch tips the top of the head toward the
    /// camera (a bowed head), roll turns the top of the head clockwise in the image (90: a
    /// photo rotated a quarter turn clockwise); applied in that order. With --head the box
    /// bounds the turned head; with --point only position and scale are solved. Without
    /// --photo it turns the default head the same way (yaw and pitch; roll 0): `--pose 35,15,0`
    /// is the three-quarter portrait SMP results are usually shown in.
    #[arg(long, value_name = "YAW,PITCH,ROLL", value_parser = parse_pose, allow_hyphen_values = true)]
    pub pose: Option<[f64; 3]>,

    /// How the head is found in the photo when no --head or --glabella is given: `auto` finds
    /// its outline, orientation and scalp mask; `none` centres the head model in the photo.
    #[arg(long, value_enum, default_value_t = FitArg::Auto, requires = "photo")]
    pub fit: FitArg,

    /// The scalp mask: a greyscale image the size of the photo, white where dots may go (it
    /// replaces the automatic fit's mask).
    #[arg(long, value_name = "FILE", requires = "photo")]
    pub mask: Option<PathBuf>,

    /// How dots match the photo's camera: `auto` measures the photo's blur, grain, light and
    /// glare on the scalp (printed on stderr) and renders the dots through them; `off` draws
    /// them sharp; KEY=VALUE pairs override what was measured: blur=PX (the camera's Gaussian
    /// σ, 0–8), noise=LEVELS (grain σ in sRGB levels, 0–32), grain=PX (grain size, 0–8),
    /// glare=on|off. E.g. `--photo-look blur=1` for a sharper rendering than measured.
    #[arg(long, value_name = "auto|off|KEY=VALUE,…", default_value = "auto", value_parser = parse_photo_look)]
    pub photo_look: PhotoLookArg,

    /// The hairline traced on the photo, pixels: "X,Y;X,Y;…" (at least 3, from one temple to the
    /// other); un-projected onto the scalp map, it replaces the preset's hairline, and stderr
    /// prints it as a --set for `presets save`.
    #[arg(long, value_name = "X,Y;X,Y;…", value_parser = parse_hairline_px, allow_hyphen_values = true, requires = "photo")]
    pub hairline_px: Option<TracedLine>,

    /// A scene file (JSON) with view, head box, glabella, landmarks, pose and head size; flags
    /// override it (any --point replaces the file's landmarks).
    #[arg(long, value_name = "FILE")]
    pub scene: Option<PathBuf>,

    /// Write the alignment used (view, pose, landmarks, head size) as a scene file (JSON), to
    /// reload with --scene next time (with --photo; written after the preview succeeds).
    #[arg(long, value_name = "FILE", requires = "photo")]
    pub save_scene: Option<PathBuf>,

    /// Head size in mm: LENGTHxBREADTHxHEIGHT, glabella to back, side to side, and vault height
    /// above the glabella (default 195x155x125).
    #[arg(long, value_name = "LxBxH", value_parser = parse_head_size)]
    pub head_mm: Option<HeadSize>,

    /// Size of the default head image in pixels, WIDTHxHEIGHT, 64 to 8000 each (without --photo).
    #[arg(long, value_name = "WxH", default_value = "2000x2000", value_parser = parse_size_px)]
    pub size: [u32; 2],

    /// Show the head after this session (default: the last).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(session_range()))]
    pub session: Option<u8>,

    /// How the dots look: fresh (after the session), healed, or aged (see --years).
    #[arg(long, value_enum, default_value_t = LookArg::Healed)]
    pub look: LookArg,

    /// Years since the last session, for --look aged and the last panel of --strip.
    #[arg(long, value_name = "N", default_value_t = 3.0, value_parser = parse_years, allow_negative_numbers = true)]
    pub years: f64,

    /// Fitzpatrick skin type of the default head, I to VI.
    #[arg(long, value_enum, default_value_t = SkinArg::III)]
    pub skin: SkinArg,

    /// Seed of the plan.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// Write the head before and after side by side.
    #[arg(long)]
    pub compare: bool,

    /// Draw the fitted head outline, the hairline and the zone borders.
    #[arg(long)]
    pub guides: bool,

    /// Write the progression side by side: every session, healed, and aged (--years).
    ///
    /// Panels, left to right: SESSION 1 … SESSION N show the day of each session (that
    /// session's dots fresh, the earlier sessions' healed), HEALED every session healed, AGED
    /// N Y the healed result N years on (--years, default 3). Each panel is a full preview as
    /// wide as the photo or --size, titled at the top and labelled as a simulation.
    #[arg(long, conflicts_with_all = ["session", "look", "compare"])]
    pub strip: bool,

    /// Close-up: `hairline`, `crown`, or a box X,Y,W,H in the pixels of the un-zoomed output
    /// (the photo, or the --size image; origin top-left).
    ///
    /// `hairline` frames the middle 7 cm of the preset's hairline zone, `crown` its whole crown
    /// zone, as the view shows them, with a margin. The region is re-rendered at a higher scale (dots drawn at true size, not an enlarged
    /// crop): the box's longer side becomes 2000 px (on the default head, the longer side of
    /// --size), magnified at most 40×, never reduced.
    #[arg(long, value_name = "hairline|crown|X,Y,W,H", value_parser = parse_zoom, allow_hyphen_values = true)]
    pub zoom: Option<ZoomArg>,

    /// Colour the head by the preset's target density (dots/cm², all sessions) with a legend,
    /// instead of drawing dots; --guides adds the zone borders.
    #[arg(long, conflicts_with_all = ["session", "look", "compare", "strip"])]
    pub heatmap: bool,

    /// Turn the default head full circle: N angles (2–72) from the front toward the client's
    /// left, 10° from above, each a full preview of --size. Written side by side as one
    /// image, or with an .apng output as an animated PNG that loops (one angle every 0.25 s).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(2..=72), conflicts_with_all = ["photo", "compare", "strip", "heatmap", "zoom", "view"])]
    pub turntable: Option<u32>,

    /// Refuse photos larger than this many megapixels, 1 to 1000 (protects memory: about 8 bytes
    /// a pixel).
    #[arg(long, value_name = "MP", default_value_t = (smpsim::head::DEFAULT_MAX_PIXELS / 1_000_000) as u32, value_parser = clap::value_parser!(u32).range(1..=MAX_MEGAPIXELS), allow_negative_numbers = true)]
    pub max_megapixels: u32,

    /// Output image; the format follows the extension (.png, .jpg, .apng).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// The largest `--max-megapixels`: a 1000-MP photo needs about 8 GB while it is decoded.
const MAX_MEGAPIXELS: i64 = 1000;

/// `--zoom`: a zone to frame, or a box in the un-zoomed output's pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ZoomArg {
    /// The preset's hairline zone.
    Hairline,
    /// The preset's crown zone.
    Crown,
    /// `X,Y,W,H`: left, top, width and height in pixels.
    Box([f64; 4]),
}

fn parse_zoom(text: &str) -> Result<ZoomArg, String> {
    match text.trim() {
        "hairline" => return Ok(ZoomArg::Hairline),
        "crown" => return Ok(ZoomArg::Crown),
        _ => {}
    }
    let numbers: Vec<Option<f64>> =
        text.split(',').map(|p| p.trim().parse::<f64>().ok().filter(|v| v.is_finite())).collect();
    match numbers[..] {
        [Some(x), Some(y), Some(w), Some(h)] => Ok(ZoomArg::Box([x, y, w, h])),
        _ => Err("expected hairline, crown, or X,Y,W,H in pixels (e.g. 800,300,400,250)".into()),
    }
}

fn parse_head_box(text: &str) -> Result<HeadBox, String> {
    text.parse::<HeadBox>().map_err(|e| e.to_string())
}

fn parse_glabella(text: &str) -> Result<[f64; 2], String> {
    smpsim::head::parse_point_px(text).map_err(|e| e.to_string())
}

fn parse_point(text: &str) -> Result<(Landmark, [f64; 2]), String> {
    smpsim::head::parse_landmark_point(text).map_err(|e| e.to_string())
}

fn parse_pose(text: &str) -> Result<[f64; 3], String> {
    smpsim::head::parse_rotation_deg(text).map_err(|e| e.to_string())
}

/// `--hairline-px`: traced points in image px, in the order drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct TracedLine(pub Vec<[f64; 2]>);

fn parse_hairline_px(text: &str) -> Result<TracedLine, String> {
    text.split(';')
        .filter(|part| !part.trim().is_empty())
        .enumerate()
        .map(|(i, part)| {
            let numbers: Vec<f64> = part.split(',').filter_map(|n| n.trim().parse().ok()).collect();
            match numbers[..] {
                [x, y] if x.is_finite() && y.is_finite() && part.split(',').count() == 2 => {
                    Ok([x, y])
                }
                _ => Err(format!("point {} `{}` is not X,Y in pixels", i + 1, part.trim())),
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map(TracedLine)
}

fn parse_head_size(text: &str) -> Result<HeadSize, String> {
    text.parse::<HeadSize>().map_err(|e| e.to_string())
}

/// Largest side of a default-head image, px.
pub const MAX_IMAGE_SIDE_PX: u32 = 8000;

fn parse_size_px(text: &str) -> Result<[u32; 2], String> {
    let allowed = format!("expected WIDTHxHEIGHT in pixels, each from 64 to {MAX_IMAGE_SIDE_PX}");
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(|| allowed.clone())?;
    match (w.trim().parse::<u32>(), h.trim().parse::<u32>()) {
        (Ok(w), Ok(h))
            if (64..=MAX_IMAGE_SIDE_PX).contains(&w) && (64..=MAX_IMAGE_SIDE_PX).contains(&h) =>
        {
            Ok([w, h])
        }
        _ => Err(allowed),
    }
}

/// `--photo-look`: measure the photo's camera, ignore it, or measure and override some values.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum PhotoLookArg {
    /// Measure it.
    #[default]
    Auto,
    /// Sharp dots, as on the default head.
    Off,
    /// Measure it, then replace the values given.
    Set(PhotoLookOverrides),
}

/// Values of `--photo-look KEY=VALUE,…` that replace the measured ones.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PhotoLookOverrides {
    /// `blur=PX`.
    pub blur_px: Option<f32>,
    /// `noise=LEVELS`.
    pub noise_levels: Option<f32>,
    /// `grain=PX`.
    pub grain_px: Option<f32>,
    /// `glare=on|off`.
    pub glare: Option<bool>,
}

fn parse_photo_look(text: &str) -> Result<PhotoLookArg, String> {
    match text.trim() {
        "auto" => return Ok(PhotoLookArg::Auto),
        "off" => return Ok(PhotoLookArg::Off),
        _ => {}
    }
    let allowed = "expected auto, off, or KEY=VALUE pairs separated by commas: blur=0–8 (px), \
                   noise=0–32 (levels), grain=0–8 (px), glare=on|off";
    let mut set = PhotoLookOverrides::default();
    for pair in text.split(',') {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(format!("`{pair}`: {allowed}"));
        };
        let (key, value) = (key.trim(), value.trim());
        let number = |max: f64| {
            parse_in_range(value, 0.0, max, "")
                .map(|v| Some(v as f32))
                .map_err(|_| format!("{key}={value}: expected a number from 0 to {max}"))
        };
        match key {
            "blur" => set.blur_px = number(8.0)?,
            "noise" => set.noise_levels = number(32.0)?,
            "grain" => set.grain_px = number(8.0)?,
            "glare" => {
                set.glare = Some(match value {
                    "on" => true,
                    "off" => false,
                    _ => return Err(format!("glare={value}: expected on or off")),
                })
            }
            _ => return Err(format!("unknown key `{key}`: {allowed}")),
        }
    }
    Ok(PhotoLookArg::Set(set))
}
