//! Small numeric helpers shared by the density fields and the renderers, so each is written
//! (and its edge cases decided) once.

/// Hermite smoothstep from 0 at `edge0` to 1 at `edge1` (zero slope at both ends: no visible step).
#[inline]
pub(crate) fn smoothstep(edge0: f32, edge1: f32, x: f32) -> f32 {
    if edge1 <= edge0 {
        return if x < edge0 { 0.0 } else { 1.0 };
    }
    let t = ((x - edge0) / (edge1 - edge0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smoothstep_is_flat_at_both_edges_and_a_step_when_they_meet() {
        assert_eq!(smoothstep(1.0, 3.0, 0.0), 0.0);
        assert_eq!(smoothstep(1.0, 3.0, 2.0), 0.5);
        assert_eq!(smoothstep(1.0, 3.0, 9.0), 1.0);
        assert!(smoothstep(1.0, 3.0, 1.01) < 1e-3);
        assert_eq!(smoothstep(2.0, 2.0, 1.99), 0.0);
        assert_eq!(smoothstep(2.0, 2.0, 2.0), 1.0);
    }
}
