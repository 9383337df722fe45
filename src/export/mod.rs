//! Exports: dots as CSV and JSON, and rendered images as PNG, JPEG or animated PNG, written to any
//! `impl Write`.
//!
//! Coordinates are written in mm with three decimals (1 µm): far below a needle's width, and fixed
//! precision formats several times faster than shortest-round-trip floats. Rows are formatted in
//! parallel chunks and written in order, so the bytes never depend on the thread count.

mod animation;
mod csv;
mod image;
mod json;
mod number;

pub use self::image::{EncodeError, ImageFormat, encode_image};
pub use animation::encode_animation;
pub use csv::{write_dots_csv, write_points_csv};
pub use json::{write_dots_json, write_points_json};

use rayon::prelude::*;
use std::io::{self, Write};

/// Most rows per parallel formatting chunk: large enough to amortise task overhead, small
/// enough that the formatted text of one chunk stays in cache.
const ROWS_PER_CHUNK: usize = 16_384;

/// Fewest rows per chunk: below this a task costs more than formatting its rows.
const MIN_ROWS_PER_CHUNK: usize = 1_024;

/// What frames the rows of a text table: bytes before the first row, before each row (the
/// first and the others), and after the last.
struct Frame {
    head: &'static [u8],
    before_first: &'static [u8],
    before_others: &'static [u8],
    tail: &'static [u8],
}

/// CSV: a header line, then rows that end their own lines.
fn csv_frame(header: &'static [u8]) -> Frame {
    Frame { head: header, before_first: b"", before_others: b"", tail: b"" }
}

/// JSON: an array with one object per line.
const JSON_FRAME: Frame =
    Frame { head: b"[", before_first: b"\n", before_others: b",\n", tail: b"\n]\n" };

/// Writes `rows` inside `frame`, each formatted by `format_row` (which appends one row's bytes),
/// then flushes.
///
/// Rows are formatted in parallel chunks and written in order. Memory held at once is bounded
/// by one batch of chunks per thread, whatever the number of rows.
fn write_table<T: Sync>(
    rows: &[T],
    frame: &Frame,
    out: &mut impl Write,
    format_row: impl Fn(&mut Vec<u8>, &T) + Sync,
) -> io::Result<()> {
    out.write_all(frame.head)?;
    let threads = rayon::current_num_threads().max(1);
    // A small table still splits into a few chunks per thread, so that it formats in parallel.
    let chunk_rows = (rows.len() / (4 * threads)).clamp(MIN_ROWS_PER_CHUNK, ROWS_PER_CHUNK);
    let rows_per_batch = chunk_rows * 2 * threads;
    for batch_start in (0..rows.len()).step_by(rows_per_batch) {
        let batch_end = (batch_start + rows_per_batch).min(rows.len());
        let texts: Vec<Vec<u8>> = (batch_start..batch_end)
            .into_par_iter()
            .step_by(chunk_rows)
            .map(|chunk_start| {
                let chunk_end = (chunk_start + chunk_rows).min(batch_end);
                let mut text = Vec::with_capacity((chunk_end - chunk_start) * 32);
                for (index, row) in (chunk_start..chunk_end).zip(&rows[chunk_start..chunk_end]) {
                    let before = if index == 0 { frame.before_first } else { frame.before_others };
                    text.extend_from_slice(before);
                    format_row(&mut text, row);
                }
                text
            })
            .collect();
        for text in texts {
            out.write_all(&text)?;
        }
    }
    out.write_all(frame.tail)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::MapPoint;

    /// Writes with `write` on a pool of `threads` threads.
    fn written(threads: usize, write: impl Fn(&mut Vec<u8>) + Send + Sync) -> Vec<u8> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let mut out = Vec::new();
        pool.install(|| write(&mut out));
        out
    }

    #[test]
    fn tables_split_into_chunks_read_back_whole_and_in_order() {
        // Enough rows for several chunks per thread, not a multiple of the chunk size.
        let points: Vec<MapPoint> =
            (0..9_001).map(|i| MapPoint::new(i as f32 * 0.5, 1000.0 - i as f32)).collect();
        for threads in [1, 2, 3] {
            let json = written(threads, |out| write_points_json(&points, out).unwrap());
            let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
            let rows = value.as_array().unwrap();
            assert_eq!(rows.len(), points.len(), "{threads} threads");
            for (row, p) in rows.iter().zip(&points) {
                assert_eq!(row["x_mm"].as_f64().unwrap() as f32, p.x_mm, "{threads} threads");
            }
            let csv = written(threads, |out| write_points_csv(&points, out).unwrap());
            let text = String::from_utf8(csv).unwrap();
            assert_eq!(text.lines().count(), points.len() + 1, "{threads} threads");
            assert_eq!(text.lines().nth(9_001), Some("4500.000,-8000.000"));
        }
        let one = written(1, |out| write_points_json(&points, out).unwrap());
        assert_eq!(one, written(2, |out| write_points_json(&points, out).unwrap()));
    }
}
