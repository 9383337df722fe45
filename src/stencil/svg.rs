//! A page as plain SVG in mm: `width`/`height` in mm and a viewBox in mm, so it prints at true
//! size; one `<circle>` per dot, the same marks as the PNG, text as `<text>`.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};

use super::marks::Mark;
use super::{PageContent, StencilError};

/// Writes `page` as SVG; coordinates are page px divided by px/mm, printed with 4 decimals
/// (0.1 µm), so the same page always gives the same bytes.
pub(crate) fn write_svg<W: Write>(page: &PageContent, out: W) -> Result<(), StencilError> {
    let mut out = BufWriter::with_capacity(1 << 16, out);
    let k = page.px_per_mm;
    let mm = |px: f64| Mm(px / k);
    let (w, h) = (mm(page.width_px as f64), mm(page.height_px as f64));
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}">"#
    )?;
    writeln!(out, "<title>{}</title>", escape(&page.title))?;
    let c = page.clip;
    writeln!(
        out,
        r#"<defs><clipPath id="window"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath></defs>"#,
        mm(c.x0 as f64),
        mm(c.y0 as f64),
        mm((c.x1 - c.x0) as f64),
        mm((c.y1 - c.y0) as f64)
    )?;
    if !page.transparent {
        writeln!(out, r##"<rect width="{w}" height="{h}" fill="#ffffff"/>"##)?;
    }

    // One group per shade, in order of darkness, so each dot is a bare <circle>.
    let mut by_shade: BTreeMap<u8, Vec<usize>> = BTreeMap::new();
    for (i, d) in page.dots.iter().enumerate() {
        by_shade.entry(grey(d.ink)).or_default().push(i);
    }
    writeln!(out, r#"<g id="dots" clip-path="url(#window)">"#)?;
    for (shade, indices) in by_shade.iter().rev() {
        writeln!(out, r##"<g fill="#{shade:02x}{shade:02x}{shade:02x}">"##)?;
        for &i in indices {
            let d = &page.dots[i];
            writeln!(out, r#"<circle cx="{}" cy="{}" r="{}"/>"#, mm(d.cx), mm(d.cy), mm(d.r))?;
        }
        writeln!(out, "</g>")?;
    }
    writeln!(out, "</g>")?;

    writeln!(out, r#"<g id="outlines" clip-path="url(#window)">"#)?;
    for mark in &page.outlines {
        write_mark(&mut out, mark, k)?;
    }
    writeln!(out, "</g>")?;
    writeln!(out, r#"<g id="marks">"#)?;
    for mark in &page.marks {
        write_mark(&mut out, mark, k)?;
    }
    writeln!(out, "</g>\n</svg>")?;
    out.flush()?;
    Ok(())
}

fn write_mark(out: &mut impl Write, mark: &Mark, k: f64) -> std::io::Result<()> {
    let mm = |px: f64| Mm(px / k);
    match mark {
        Mark::Rect { x0, y0, x1, y1, ink } => {
            let g = grey(*ink);
            writeln!(
                out,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#{g:02x}{g:02x}{g:02x}"/>"##,
                mm(*x0),
                mm(*y0),
                mm(x1 - x0),
                mm(y1 - y0)
            )
        }
        Mark::Disc { cx, cy, r, ink } => {
            let g = grey(*ink);
            writeln!(
                out,
                r##"<circle cx="{}" cy="{}" r="{}" fill="#{g:02x}{g:02x}{g:02x}"/>"##,
                mm(*cx),
                mm(*cy),
                mm(*r)
            )
        }
        Mark::Polyline { points, width } => {
            write!(
                out,
                r##"<polyline fill="none" stroke="#000000" stroke-width="{}" stroke-linecap="round" stroke-linejoin="round" points=""##,
                mm(*width)
            )?;
            for (i, p) in points.iter().enumerate() {
                let sep = if i == 0 { "" } else { " " };
                write!(out, "{sep}{},{}", mm(p[0]), mm(p[1]))?;
            }
            writeln!(out, r#""/>"#)
        }
        Mark::Text { x, y, height, text } => writeln!(
            out,
            // The PNG's `y` is the top of the capitals; SVG places text by its baseline.
            // `height` is the capitals' height; DejaVu Sans, the PNG's font, has them at
            // 1493/2048 of its em, so a viewer with that font draws what the PNG shows.
            r#"<text x="{}" y="{}" font-family="DejaVu Sans, sans-serif" font-size="{}">{}</text>"#,
            mm(*x),
            mm(y + height),
            mm(height * 2048.0 / 1493.0),
            escape(text)
        ),
    }
}

/// Paper grey (0 black, 255 white) for a darkness of 0..=1.
fn grey(ink: f64) -> u8 {
    255 - (ink * 255.0 + 0.5).clamp(0.0, 255.0) as u8
}

/// A length in mm printed with 4 decimals and no trailing zeros.
struct Mm(f64);

impl std::fmt::Display for Mm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = format!("{:.4}", self.0);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        f.write_str(if s == "-0" { "0" } else { s })
    }
}

/// Escapes the five XML special characters.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}
